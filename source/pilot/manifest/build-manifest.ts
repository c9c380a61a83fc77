import type {z} from 'zod';
import {describeValue, describeZodIssue, suggestKey} from './hints.js';
import {manifestTopSchema, processKeys, processSchema, topKeys} from './schema.js';
import type {FieldPath} from './read-source.js';
import {parseByteSize, type RawLogSettings} from './log-settings.js';
import type {HangupMode} from './hangup-mode.js';
import {lifecycleKeys} from './lifecycle-shape.js';
import {Process, type ProcessConfig} from '../model/process-model.js';

export type ShapeReport = (field: FieldPath, process: string | null, message: string, options?: {severity?: 'error' | 'warning'; key?: boolean}) => void;

export type BuiltManifest = {
	processes: Process[];
	/** The index of each process in the manifest's `processes` list. */
	sourceIndex: Map<Process, number>;
	invalidNames: Set<string>;
	control_server: string | null;
	kill_timeout: number;
	base_directory: string | null;
	on_hangup: HangupMode;
	/** The log keys as written (paths unresolved); `files` holds each process's `log_file`. */
	log: RawLogSettings;
};

/** The shape stage: types of every key, unknown keys (warnings, or errors with `strict`). Bad entries are left out. */
export function buildManifest(data: unknown, strict: boolean, report: ShapeReport): BuiltManifest | null {
	const top = manifestTopSchema.safeParse(data);
	const built: BuiltManifest = {processes: [], sourceIndex: new Map(), invalidNames: new Set(), control_server: null, kill_timeout: 5, base_directory: null, on_hangup: 'stop', log: {dir: null, format: 'text', maxBytes: null, backups: null, files: {}}};
	if (!isRecord(data)) {
		report([], null, `The manifest must be a mapping with a 'processes' list, got ${describeValue(data)}`);
		return null;
	}

	reportUnknownKeys(data, [], null, [...topKeys, '$schema'], strict, report);
	if (!top.success) {
		reportZodIssues(top.error.issues, data, [], null, report);
	}

	// The top level may be partly invalid: a key with a problem keeps its default.
	const bad = new Set(top.error?.issues.map(issue => issue.path[0]));
	const pick = (key: string): unknown => (bad.has(key) ? undefined : data[key]);
	built.control_server = (pick('control_server') as string | null | undefined) ?? null;
	built.kill_timeout = (pick('kill_timeout') as number | undefined) ?? 5;
	built.base_directory = (pick('base_directory') as string | null | undefined) ?? null;
	built.on_hangup = (pick('on_hangup') as HangupMode | undefined) ?? 'stop';
	built.log = {dir: (pick('log_dir') as string | null | undefined) ?? null, format: (pick('log_format') as 'text' | 'json' | undefined) ?? 'text', maxBytes: parseByteSize(pick('log_max_bytes')), backups: (pick('log_backups') as number | undefined) ?? null, files: {}};
	const entries = Array.isArray(data['processes']) ? data['processes'] as unknown[] : [];
	if (Array.isArray(data['processes']) && entries.length === 0) {
		report(['processes'], null, 'The manifest lists no processes', {severity: 'warning'});
	}

	for (const [index, entry] of entries.entries()) {
		const field = ['processes', index];
		const name = isRecord(entry) && typeof entry['name'] === 'string' && entry['name'] !== '' ? entry['name'] : null;
		if (!isRecord(entry)) {
			report(field, null, `Each process must be a mapping with at least 'name' and 'path', got ${describeValue(entry)}`);
			continue;
		}

		reportUnknownKeys(entry, field, name, processKeys, strict, report);
		const parsed = processSchema.safeParse(entry);
		if (!parsed.success) {
			reportZodIssues(parsed.error.issues, entry, field, name, report);
			if (name !== null) {
				built.invalidNames.add(name);
			}

			continue;
		}

		const config = parsed.data as Omit<ProcessConfig, 'env'> & {env?: Record<string, string | number | boolean>};
		const env = config.env ? Object.fromEntries(Object.entries(config.env).map(([key, value]) => [key, String(value)])) : undefined;
		const process = new Process({...config, env, ...lifecycleKeys(parsed.data)});
		built.processes.push(process);
		if (typeof parsed.data.log_file === 'string') {
			built.log.files[process.name] = parsed.data.log_file;
		}

		built.sourceIndex.set(process, index);
	}

	return built;
}

function reportUnknownKeys(data: Record<string, unknown>, field: FieldPath, name: string | null, known: readonly string[], strict: boolean, report: ShapeReport): void {
	for (const key of Object.keys(data)) {
		if (!known.includes(key)) {
			const suggestion = suggestKey(key, known);
			const hint = suggestion ? `; did you mean '${suggestion}'?` : '';
			report([...field, key], name, `Unknown key '${key}'${hint}${strict ? '' : ' (ignored)'}`, {severity: strict ? 'error' : 'warning', key: true});
		}
	}
}

function reportZodIssues(issues: readonly z.core.$ZodIssue[], data: Record<string, unknown>, field: FieldPath, name: string | null, report: ShapeReport): void {
	for (const issue of issues) {
		const path = issue.path.map(segment => (typeof segment === 'symbol' ? String(segment) : segment));
		const {value, isPresent} = valueAt(data, path);
		report([...field, ...path], name, describeZodIssue(issue, value, isPresent));
	}
}

function valueAt(data: unknown, path: ReadonlyArray<string | number>): {value: unknown; isPresent: boolean} {
	let current: unknown = data;
	for (const segment of path) {
		if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
			return {value: undefined, isPresent: false};
		}

		current = (current as Record<string | number, unknown>)[segment];
	}

	return {value: current, isPresent: true};
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
