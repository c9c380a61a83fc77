import type {ValidationContext} from './validation-context.js';
import type {FieldPath} from './read-source.js';
import {describeValue} from './hints.js';

type Reported = Parameters<ValidationContext['report']>[0];
type Report = (field: FieldPath, message: string) => void;

/** The parameters of the http, exec and log ready strategies. */
export const probeReadyParams: Record<string, readonly string[]> = {http: ['url', 'expect_status'], exec: ['command', 'interval_sec'], log: ['pattern', 'stream']};

/** The parameters of the built-in health checks. */
export const healthCheckParams: Record<string, readonly string[]> = {http: ['url', 'expect_status'], tcp: ['port', 'host'], exec: ['command']};

/** Check the params of an http, exec or log ready strategy; `report` takes fields relative to `ready_params`. */
export function checkProbeParams(kind: string, params: Record<string, unknown>, what: string, report: Report): void {
	switch (kind) {
		case 'http': {
			checkUrl(params, what, report);
			checkStatus(params, what, report);
			break;
		}

		case 'exec': {
			checkCommand(params, what, report);
			const interval = params['interval_sec'];
			if (interval !== undefined && (typeof interval !== 'number' || !(interval > 0))) {
				report(['interval_sec'], `${what} 'interval_sec' must be a positive number of seconds, got ${describeValue(interval)}`);
			}

			break;
		}

		case 'log': {
			const pattern = params['pattern'];
			if (typeof pattern !== 'string' || pattern === '') {
				report(pattern === undefined ? [] : ['pattern'], `${what} requires 'pattern' parameter (a regular expression)${pattern === undefined ? '' : `, got ${describeValue(pattern)}`}`);
			} else {
				try {
					new RegExp(pattern);
				} catch (error) {
					report(['pattern'], `${what} 'pattern' is not a valid regular expression: ${(error as Error).message}`);
				}
			}

			const stream = params['stream'];
			if (stream !== undefined && !['stdout', 'stderr', 'both'].includes(stream as string)) {
				report(['stream'], `${what} 'stream' must be one of "stdout", "stderr", "both", got ${describeValue(stream)}`);
			}

			break;
		}

		case 'tcp': {
			const port = params['port'];
			if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
				report(port === undefined ? [] : ['port'], `${what} requires 'port', an integer from 1 to 65535${port === undefined ? '' : `, got ${describeValue(port)}`}`);
			}

			break;
		}

		default: {
			break;
		}
	}
}

function checkUrl(params: Record<string, unknown>, what: string, report: Report): void {
	const url = params['url'];
	if (typeof url !== 'string' || url === '') {
		report(url === undefined ? [] : ['url'], `${what} requires 'url' parameter${url === undefined ? '' : `, got ${describeValue(url)}`}`);
		return;
	}

	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {}

	if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
		report(['url'], `${what} 'url' must be an http:// or https:// URL, got ${describeValue(url)}`);
	}
}

function checkStatus(params: Record<string, unknown>, what: string, report: Report): void {
	const value = params['expect_status'];
	const codes = Array.isArray(value) ? value : [value];
	if (value !== undefined && (codes.length === 0 || !codes.every(code => Number.isInteger(code) && (code as number) >= 100 && (code as number) <= 599))) {
		report(['expect_status'], `${what} 'expect_status' must be a status code (100-599) or a list of them, got ${describeValue(value)}`);
	}
}

function checkCommand(params: Record<string, unknown>, what: string, report: Report): void {
	const command = params['command'];
	const isList = Array.isArray(command) && command.length > 0 && command.every(part => typeof part === 'string' && part !== '');
	if (!(typeof command === 'string' && command.trim() !== '') && !isList) {
		report(command === undefined ? [] : ['command'], `${what} requires 'command': a list of strings, or a string run by /bin/sh -c${command === undefined ? '' : `, got ${describeValue(command)}`}`);
	}
}

/** The built-in health checks' params, unknown params, and a `completed` condition on a process that restarts. */
export function checkHealthAndConditions(context: ValidationContext): void {
	const byName = new Map(context.processes.map(process => [process.name, process]));
	for (const process of context.processes) {
		checkHealth(context, process);
		for (const [index, name] of process.dependencies.entries()) {
			const dependency = byName.get(name);
			if (process.dependency_conditions[name] === 'completed' && dependency && dependency.shutdown_strategy !== 'do_not_restart') {
				context.report(process, ['dependencies', index], `'${name}' never completes: condition 'completed' needs shutdown_strategy: do_not_restart on '${name}'`);
			}
		}
	}
}

function checkHealth(context: ValidationContext, process: Reported): void {
	const check = process.health_check;
	const known = check ? healthCheckParams[check.strategy] : undefined;
	if (!check || !known) {
		return;
	}

	for (const key of Object.keys(check.params)) {
		if (!known.includes(key)) {
			context.report(process, ['health_check', 'params', key], `Unknown health check parameter '${key}' (the ${check.strategy} check takes ${known.map(name => `'${name}'`).join(', ')})${context.strict ? '' : ' (ignored)'}`, {severity: context.strict ? 'error' : 'warning', key: true});
		}
	}

	checkProbeParams(check.strategy, check.params, `The ${check.strategy} health check`, (field, message) => {
		context.report(process, ['health_check', 'params', ...field], `${message}: ${process.name}`, {key: field.length === 0});
	});
}
