import type {ValidationContext} from './validation-context.js';
import {describeValue, suggestKey} from './hints.js';
import {resolveUserPath} from '../os/resolve-executable.js';
import {checkHealthAndConditions, checkProbeParams, probeReadyParams} from './validate-probes.js';

/** The parameters each built-in strategy knows; other strategies keep their params as given. */
const builtInParams: Record<string, readonly string[]> = {file: ['path'], pipe: ['path'], tcp: ['port', 'host'], ...probeReadyParams};

/**
Check the params of the built-in ready strategies: `file`/`pipe` need a non-empty `path` (made
absolute against the base folder), `tcp` an integer `port` 1-65535 and an optional `host`
(default `localhost`).
*/
export function checkReadyConfig(context: ValidationContext): void {
	checkHealthAndConditions(context);
	for (const process of context.processes) {
		// A library user's object may lack the key, whatever its type says.
		const strategy = process.ready_strategy as string | null | undefined;
		const params: Record<string, unknown> = isRecord(process.ready_params) ? process.ready_params : {};
		if (strategy === null || strategy === undefined) {
			if (Object.keys(params).length > 0) {
				context.report(process, ['ready_params'], 'ready_params has no effect without a ready_strategy', {severity: 'warning', key: true});
			}

			continue;
		}

		const known = builtInParams[strategy];
		if (!known) {
			continue;
		}

		for (const key of Object.keys(params)) {
			if (!known.includes(key)) {
				const suggestion = suggestKey(key, known);
				const hint = suggestion ? `; did you mean '${suggestion}'?` : ` (the ${strategy} strategy takes ${known.map(name => `'${name}'`).join(' and ')})`;
				context.report(process, ['ready_params', key], `Unknown ready parameter '${key}'${hint}${context.strict ? '' : ' (ignored)'}`, {severity: context.strict ? 'error' : 'warning', key: true});
			}
		}

		if (strategy === 'tcp') {
			checkTcp(context, process, params);
		} else if (probeReadyParams[strategy]) {
			checkProbeParams(strategy, params, `The ${strategy} ready strategy`, (field, message) => {
				context.report(process, ['ready_params', ...field], `${message}: ${process.name}`, {key: field.length === 0});
			});
		} else {
			checkPath(context, process, params);
		}
	}
}

type Reported = Parameters<ValidationContext['report']>[0];

function checkPath(context: ValidationContext, process: Reported, params: Record<string, unknown>): void {
	const value = params['path'];
	if (typeof value !== 'string' || value.trim() === '') {
		const detail = value === undefined ? '' : ` (expected a non-empty string, got ${describeValue(value)})`;
		context.report(process, value === undefined ? ['ready_params'] : ['ready_params', 'path'], `File and pipe ready strategies require 'path' parameter: ${process.name}${detail}`, {key: value === undefined});
		return;
	}

	process.ready_params = {...params, path: resolveUserPath(context.baseDirectory, value)};
}

function checkTcp(context: ValidationContext, process: Reported, params: Record<string, unknown>): void {
	const port = params['port'];
	const host = params['host'];
	let isValid = true;
	if (port === undefined || port === null) {
		context.report(process, ['ready_params'], `TCP ready strategy requires 'port' parameter: ${process.name}`, {key: true});
		isValid = false;
	} else if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
		const hint = typeof port === 'string' && /^\d+$/.test(port) ? ' (write it without quotes)' : '';
		context.report(process, ['ready_params', 'port'], `TCP ready strategy 'port' must be an integer from 1 to 65535, got ${describeValue(port)}${hint}: ${process.name}`);
		isValid = false;
	}

	if (host !== undefined && (typeof host !== 'string' || host.trim() === '')) {
		context.report(process, ['ready_params', 'host'], `TCP ready strategy 'host' must be a non-empty string, got ${describeValue(host)}: ${process.name}`);
		isValid = false;
	}

	if (isValid) {
		process.ready_params = {...params, host: host ?? 'localhost'};
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
