import {z} from 'zod';
import type {HealthCheckConfig} from '../model/health.js';
import type {DependencyCondition} from '../model/process-config.js';

const envFile = z.union([z.string().min(1), z.array(z.string().min(1))], {error: 'Expected a path or a list of paths'});

/** `name` or `{name, condition}`; a plain name waits for the dependency to be running and ready. */
const dependency = z.preprocess(
	value => (typeof value === 'string' ? {name: value} : value),
	z.object({
		name: z.string().min(1).describe('The process to wait for.'),
		condition: z.enum(['ready', 'completed']).optional().describe('ready (default): running and ready; completed: exited with one of its success_exit_codes.'),
	}).strict(),
);

export const healthCheckSchema = z.object({
	strategy: z.string().min(1).describe('http (params url, expect_status), tcp (port, host), exec (command), or a plugin\'s check.'),
	params: z.record(z.string(), z.unknown()).optional().describe('Parameters of the check.'),
	interval_sec: z.number().positive().optional().describe('Seconds between the end of one check and the start of the next (default 10).'),
	timeout_sec: z.number().positive().optional().describe('Seconds one check may take; a slower one is abandoned (an exec check is killed) and counts as a failure (default 2).'),
	retries: z.int().positive().optional().describe('Failures in a row after which the process is unhealthy (default 3).'),
	start_period_sec: z.number().nonnegative().optional().describe('Failures within this many seconds after ready do not count (default 0).'),
	on_unhealthy: z.enum(['restart', 'none']).optional().describe('restart (default): restart the process (counts as a restart, the backoff applies); none: only mark it unhealthy.'),
}).strict();

/** The per-process keys of health and lifecycle. */
export const lifecycleProcessShape = {
	dependencies: z.array(dependency).optional().describe('Processes that must be running and ready before this one starts: a name, or {name, condition: completed} to wait until it has run to completion.'),
	env_file: envFile.optional().describe('.env file(s) for this process (relative to base_directory, else the manifest\'s folder); `env` wins over them, later files over earlier ones.'),
	autostart: z.boolean().optional().describe('false: not started with the pilot (shown as stopped (manual)); start it with t or ctl start. Default true.'),
	success_exit_codes: z.array(z.int().min(0).max(255)).min(1).optional().describe('Exit codes that count as success (default [0]): with do_not_restart, such an exit is completed, any other failed.'),
	health_check: healthCheckSchema.nullable().optional().describe('Liveness check run while the process is ready.'),
};

/** The top-level keys of the variables stage. */
export const lifecycleTopShape = {
	env_file: envFile.optional().describe('.env file(s) (relative to the manifest\'s folder): their variables serve ${VAR} in the manifest (the pilot\'s environment wins) and are given to every process.'),
};

export type LifecycleKeys = {
	dependencies: string[];
	dependency_conditions: Record<string, DependencyCondition>;
	env_file: string[];
	autostart: boolean;
	success_exit_codes: number[];
	health_check: HealthCheckConfig | null;
};

type ParsedLifecycle = {
	dependencies?: Array<{name: string; condition?: DependencyCondition}>;
	env_file?: string | string[];
	autostart?: boolean;
	success_exit_codes?: number[];
	health_check?: z.output<typeof healthCheckSchema> | null;
};

/** The parsed lifecycle keys as `Process` takes them, defaults filled in. */
export function lifecycleKeys(parsed: ParsedLifecycle): LifecycleKeys {
	const dependencies = parsed.dependencies ?? [];
	const check = parsed.health_check;
	return {
		dependencies: dependencies.map(entry => entry.name),
		dependency_conditions: Object.fromEntries(dependencies.map(entry => [entry.name, entry.condition ?? 'ready'])),
		env_file: typeof parsed.env_file === 'string' ? [parsed.env_file] : parsed.env_file ?? [],
		autostart: parsed.autostart ?? true,
		success_exit_codes: parsed.success_exit_codes ?? [0],
		health_check: check ? withHealthDefaults(check) : null,
	};
}

export function withHealthDefaults(check: Partial<HealthCheckConfig> & {strategy: string}): HealthCheckConfig {
	return {
		strategy: check.strategy,
		params: check.params ?? {},
		interval_sec: check.interval_sec ?? 10,
		timeout_sec: check.timeout_sec ?? 2,
		retries: check.retries ?? 3,
		start_period_sec: check.start_period_sec ?? 0,
		on_unhealthy: check.on_unhealthy ?? 'restart',
	};
}

/** The JSON Schema of one dependency (zod cannot describe the string-or-mapping input by itself). */
export const dependencyJsonSchema = {
	anyOf: [
		{type: 'string', minLength: 1, description: 'A process that must be running and ready.'},
		{
			type: 'object',
			properties: {name: {type: 'string', minLength: 1}, condition: {type: 'string', enum: ['ready', 'completed']}},
			required: ['name'],
			additionalProperties: false,
		},
	],
};
