import {z} from 'zod';
import {stopProcessShape} from './stop-shape.js';
import {logProcessShape, logTopShape} from './log-settings.js';
import {dependencyJsonSchema, lifecycleProcessShape, lifecycleTopShape} from './lifecycle-shape.js';
import {interpolatedNumberKeys} from './numeric-fields.js';

/** The per-process keys, as in the seed's `Process` model plus the restart keys. */
export const processSchema = z.object({
	name: z.string().min(1).describe('Unique name of the process; may contain spaces.'),
	path: z.string().min(1).describe('The executable: a path (relative to base_directory, else to the manifest\'s folder), a bare command looked up on PATH, or a path with a * wildcard (first sorted match).'),
	args: z.array(z.string()).optional().describe('Arguments passed to the executable. Quote numbers: ["5"].'),
	env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('Environment variables, merged over the supervisor\'s environment.'),
	working_directory: z.string().min(1).nullable().optional().describe('Working directory. Default: the executable\'s folder for a path, the manifest\'s folder (or base_directory) for a command found on PATH.'),
	timeout: z.number().nonnegative().nullable().optional().describe('Seconds to wait after SIGTERM before SIGKILL on stop (default 5.0; null waits forever).'),
	shutdown_strategy: z.enum(['restart', 'do_not_restart', 'shutdown_everything']).nullable().optional().describe('What to do when the process exits on its own (default restart).'),
	lifecycle_hooks: z.array(z.string()).optional().describe('Names of lifecycle hook groups provided by plugins.'),
	stat_handlers: z.array(z.string()).optional().describe('Names of stats handlers provided by plugins.'),
	ready_strategy: z.string().min(1).nullable().optional().describe('How readiness is detected: file, pipe, tcp, or a plugin\'s strategy (default: ready once spawned).'),
	ready_timeout_sec: z.number().positive().optional().describe('Seconds to wait for readiness before the process is failed (default 5.0).'),
	ready_params: z.record(z.string(), z.unknown()).optional().describe('Parameters of the ready strategy: file/pipe take path; tcp takes port (1-65535) and host (default localhost).'),
	affinity: z.array(z.int()).nullable().optional().describe('CPU cores the process may run on (0 .. logical CPUs - 1), non-empty and distinct.'),
	min_uptime_sec: z.number().nonnegative().optional().describe('A run that lasted this long resets the restart backoff (default 5).'),
	restart_delay_sec: z.number().nonnegative().optional().describe('First restart delay in a crash loop; it doubles per quick exit (default 0.5).'),
	max_restart_delay_sec: z.number().nonnegative().optional().describe('Cap of the restart delay (default 30).'),
	max_restarts: z.int().nonnegative().nullable().optional().describe('Quick restarts in a row after which the process is failed (default null: no limit).'),
	replicas: z.int().min(1).max(1000).optional().describe('Run this many copies, named name-1 ... name-N, each with PILOT_REPLICA (1..N) in its environment and in ${PILOT_REPLICA}; a dependency on name means every copy.'),
	...stopProcessShape,
	...logProcessShape,
	...lifecycleProcessShape,
});

const topShape = {
	control_server: z.string().min(1).nullable().optional().describe('Name of a control server provided by a plugin (e.g. http).'),
	kill_timeout: z.number().nonnegative().optional().describe('Seconds the whole stop may take before everything left is killed (default 5.0).'),
	base_directory: z.string().min(1).nullable().optional().describe('Folder that relative paths are resolved against (default: the manifest\'s folder).'),
	on_hangup: z.enum(['stop', 'detach']).optional().describe('When the terminal goes away (SIGHUP, closed window, dropped SSH): stop every process (default), or detach: keep running headless for `pilot-tui attach`.'),
	...logTopShape,
	...lifecycleTopShape,
};

/** The top level, with the processes left unchecked: each is checked on its own so one bad entry does not hide the others. */
export const manifestTopSchema = z.object({
	processes: z.array(z.unknown()).describe('The processes to supervise.'),
	...topShape,
});

/** The whole manifest, for the JSON Schema that editors use. */
export const manifestSchema = z.object({
	processes: z.array(processSchema).describe('The processes to supervise.'),
	...topShape,
}).describe('A pilot-tui (process_pilot compatible) process manifest.');

export const processKeys: readonly string[] = Object.keys(processSchema.shape);
export const topKeys: readonly string[] = Object.keys(manifestSchema.shape);

/** The object at `key` of a schema zod produced; a miss means zod changed its output. */
function schemaChild(node: Record<string, unknown>, key: string): Record<string, unknown> {
	const value = node[key];
	if (typeof value !== 'object' || value === null) {
		throw new Error(`Internal error: the manifest's JSON Schema has no object at '${key}'`);
	}

	return value as Record<string, unknown>;
}

/** The manifest's JSON Schema (draft 2020-12), as `pilot-tui schema` prints it. */
export function manifestJsonSchema(): Record<string, unknown> {
	const schema = z.toJSONSchema(manifestSchema, {io: 'input', target: 'draft-2020-12'}) as Record<string, unknown>;
	// Editors then underline misspelt keys, which the loader reports as warnings (errors with --strict).
	schema['additionalProperties'] = false;
	const topProperties = schemaChild(schema, 'properties');
	topProperties['$schema'] = {type: 'string', description: 'Where editors find this schema (JSON manifests).'};
	const processItems = schemaChild(schemaChild(topProperties, 'processes'), 'items');
	processItems['additionalProperties'] = false;
	const processProperties = schemaChild(processItems, 'properties');
	schemaChild(processProperties, 'dependencies')['items'] = dependencyJsonSchema;
	// A numeric field may be written as a string with ${VAR} in it: it takes the number the string becomes.
	const interpolated = {type: 'string', pattern: '\\$\\{', description: 'A string with ${VAR} (e.g. ${PILOT_REPLICA}) that becomes a number.'};
	for (const [properties, key] of [...interpolatedNumberKeys.process.map(key => [processProperties, key] as const), ...interpolatedNumberKeys.top.map(key => [topProperties, key] as const)]) {
		const {description, ...shape} = schemaChild(properties, key);
		properties[key] = {anyOf: [shape, interpolated], ...(description === undefined ? {} : {description})};
	}
	return {...schema, title: 'pilot-tui manifest'};
}
