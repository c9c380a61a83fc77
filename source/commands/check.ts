import {ManifestError, ProcessManifest} from '../pilot/manifest/process-manifest.js';
import type {Process} from '../pilot/model/process-model.js';
import type {HealthCheckConfig} from '../pilot/model/health.js';
import {maskedValue, maskSecret, maskSecrets} from '../pilot/manifest/mask-secrets.js';
import type {CliFlags} from './flags.js';
import {formatGraph, parseGraphFormat} from './check-graph.js';

const usage = 'Usage: pilot-tui check <manifest> [--json] [--strict] [--graph[=mermaid]]';

/** `pilot-tui check <manifest>`: validate, then print the start order by dependency level. */
export function runCheck(input: string[], flags: Pick<CliFlags, 'json' | 'strict' | 'graph'>): number {
	const [file] = input;
	if (!file) {
		process.stderr.write(`${usage}\n`);
		return 1;
	}

	const graph = flags.graph === undefined ? undefined : parseGraphFormat(flags.graph);
	if (graph instanceof Error) {
		process.stderr.write(`pilot-tui: ${graph.message}\n`);
		return 2;
	}

	let manifest: ProcessManifest;
	try {
		manifest = ProcessManifest.fromFile(file, {strict: flags.strict});
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		process.stderr.write(`${message}\n`);
		if (flags.json && error instanceof ManifestError) {
			process.stdout.write(`${JSON.stringify({valid: false, issues: error.issues}, null, 2)}\n`);
		}

		return 1;
	}

	if (graph) {
		// Warnings go to stderr: stdout stays a diagram that can be piped into a file.
		for (const warning of manifest.warnings) {
			process.stderr.write(`warning: ${warning}\n`);
		}

		process.stdout.write(formatGraph(manifest, graph));
		return 0;
	}

	const levels = manifest.levels();
	if (flags.json) {
		const levelNames = levels.map(level => level.map(process => process.name));
		const json = manifest.toJSON();
		const processes = json.processes.map(entry => ({...entry, env: maskSecrets(entry.env)}));
		const variables = manifest.variables.used.map(variable => ({...variable, value: maskSecret(variable.name, variable.value)}));
		const text = JSON.stringify({valid: true, ...json, processes, variables, levels: levelNames, warnings: manifest.warnings}, null, 2);
		process.stdout.write(`${hideSecretValues(text, manifest, value => JSON.stringify(value).slice(1, -1))}\n`);
		return 0;
	}

	process.stdout.write(formatCheck(file, manifest, levels));
	return 0;
}

/** The human report: processes by level, then warnings. */
export function formatCheck(file: string, manifest: ProcessManifest, levels: Process[][]): string {
	const count = manifest.processes.length;
	const lines = [`${file}: OK, ${count} process${count === 1 ? '' : 'es'} in ${levels.length} level${levels.length === 1 ? '' : 's'}`];
	for (const [index, level] of levels.entries()) {
		lines.push('', `Level ${index}${index === 0 ? ' (no dependencies)' : ''}`);
		for (const process of level) {
			lines.push(`  ${process.name}`, ...describeProcess(process).map(([label, value]) => `    ${label.padEnd(12)}${value}`));
		}
	}

	if (manifest.variables.used.length > 0) {
		lines.push('', 'Variables', ...manifest.variables.used.map(({name, value, source}) => `  ${name}=${maskSecret(name, value)}  (${source === 'env_file' ? 'env file' : source})`));
	}

	if (manifest.warnings.length > 0) {
		lines.push('', `Warnings (${manifest.warnings.length})`, ...manifest.warnings.map(warning => `  ${warning}`));
	}

	return `${hideSecretValues(lines.join('\n'), manifest, value => value)}\n`;
}

/** A secret's value can also reach args, paths or params through `${VAR}`: mask it wherever it shows. */
function hideSecretValues(text: string, manifest: ProcessManifest, encode: (value: string) => string): string {
	const secrets = new Set<string>();
	const consider = (name: string, value: string) => {
		// Very short values would mask ordinary words.
		if (value.length >= 4 && maskSecret(name, value) !== value) {
			secrets.add(encode(value));
		}
	};

	for (const {name, value} of manifest.variables.used) {
		consider(name, value);
	}

	for (const process of manifest.processes) {
		for (const [name, value] of Object.entries(process.env)) {
			consider(name, value);
		}
	}

	let masked = text;
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		masked = masked.replaceAll(secret, maskedValue);
	}

	return masked;
}

function describeProcess(process: Process): Array<[string, string]> {
	const rows: Array<[string, string]> = [
		['executable', process.path],
		['args', process.args.length > 0 ? process.args.map(arg => (/^[\w./:=@%+-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ') : '-'],
		['cwd', process.working_directory ?? '-'],
		['ready', describeReady(process)],
		['depends on', process.dependencies.length > 0 ? process.dependencies.map(name => (process.dependency_conditions[name] === 'completed' ? `${name} (completed)` : name)).join(', ') : '-'],
		['on exit', process.shutdown_strategy ?? 'restart'],
	];
	if (process.success_exit_codes.join() !== '0') {
		rows.push(['success', `exit ${process.success_exit_codes.join(', ')}`]);
	}

	if (!process.autostart) {
		rows.push(['autostart', 'no (manual: t or ctl start)']);
	}

	if (process.health_check) {
		rows.push(['health', describeHealthCheck(process.health_check)]);
	}

	if (process.env_file.length > 0) {
		rows.push(['env files', process.env_file.join(', ')]);
	}

	const env = Object.entries(maskSecrets(process.env));
	if (env.length > 0) {
		rows.push(['env', env.map(([name, value]) => `${name}=${value}`).join(' ')]);
	}

	if (process.affinity) {
		rows.push(['affinity', process.affinity.join(',')]);
	}

	return rows;
}

function describeHealthCheck(check: HealthCheckConfig): string {
	const params = Object.entries(check.params).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
	const timing = `every ${check.interval_sec}s, timeout ${check.timeout_sec}s, ${check.retries} retries${check.start_period_sec > 0 ? `, start period ${check.start_period_sec}s` : ''}`;
	return `${check.strategy} (${[...params, timing].join(', ')}); unhealthy: ${check.on_unhealthy}`;
}

function describeReady(process: Process): string {
	if (!process.ready_strategy) {
		return 'when spawned';
	}

	const params = Object.entries(process.ready_params).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
	return `${process.ready_strategy} (${[...params, `timeout ${process.ready_timeout_sec}s`].join(', ')})`;
}
