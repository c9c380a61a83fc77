import {dependencyLevels} from '../manifest/dependency-graph.js';
import type {ProcessConfig} from '../model/process-config.js';

/** A process as the plan compares it: its resolved, interpolated manifest entry (`Process.toConfig()`). */
export type ProcessDefinition = Required<ProcessConfig>;

/** The top-level settings a reload compares. */
export type ManifestSettings = Readonly<Record<'kill_timeout' | 'control_server' | 'on_hangup' | 'base_directory' | 'logging', unknown>>;

export type ManifestDefinition = {
	/** In start order. */
	readonly processes: readonly ProcessDefinition[];
	readonly settings: ManifestSettings;
};

import type {ReloadPlan, RestartEntry} from '../model/reload-result.js';

export type {ReloadPlan, RestartEntry, SettingChange} from '../model/reload-result.js';

/**
Fields that do not change how a running process runs: a change to them is taken without a
restart. Dependencies only say when it starts; env files are compared by their content (in `env`).
*/
const takenLive: ReadonlySet<string> = new Set(['name', 'dependencies', 'dependency_conditions', 'autostart', 'env_file']);

const settingNotes: Record<keyof ManifestSettings, {isApplied: boolean; note: string}> = {
	kill_timeout: {isApplied: true, note: 'applies to the next stop'},
	base_directory: {isApplied: true, note: 'paths resolved anew'},
	control_server: {isApplied: false, note: 'not applied: the control server changes when the pilot restarts'},
	on_hangup: {isApplied: false, note: 'not applied: read when the pilot started'},
	logging: {isApplied: false, note: 'not applied: log files (log_dir, log_file, log_format, rotation) change when the pilot restarts'},
};

/**
The difference between the manifest the pilot runs and the one read anew. Pure. `isRunning` tells
which processes have a run to restart (default: all); the others only take the new definition.
*/
export function planReload(before: ManifestDefinition, after: ManifestDefinition, isRunning: (name: string) => boolean = () => true): ReloadPlan {
	const old = new Map(before.processes.map(process => [process.name, process]));
	const added = new Set(after.processes.map(process => process.name));
	const restart: RestartEntry[] = [];
	const unchanged: string[] = [];
	const start: string[] = [];
	for (const process of inStartOrder(after.processes)) {
		const previous = old.get(process.name);
		if (!previous) {
			start.push(process.name);
			continue;
		}

		const changed = changedFields(previous, process);
		if (changed.length > 0) {
			restart.push({name: process.name, changed, isRunning: isRunning(process.name)});
		} else {
			unchanged.push(process.name);
		}
	}

	const stop = inStartOrder(before.processes).filter(process => !added.has(process.name)).map(process => process.name).reverse();
	const settings = (Object.keys(settingNotes) as Array<keyof ManifestSettings>)
		.filter(key => stableJson(before.settings[key]) !== stableJson(after.settings[key]))
		.map(key => ({key, ...settingNotes[key]}));
	return {start, stop, restart, unchanged, settings};
}

/** The fields of `after` that differ from `before` and need a restart, in the manifest's key order. */
export function changedFields(before: ProcessDefinition, after: ProcessDefinition): string[] {
	return (Object.keys(after) as Array<keyof ProcessDefinition>)
		.filter(key => !takenLive.has(key) && stableJson(before[key]) !== stableJson(after[key]));
}

export function isEmptyPlan(plan: ReloadPlan): boolean {
	return plan.start.length === 0 && plan.stop.length === 0 && plan.restart.length === 0 && plan.settings.length === 0;
}

/** `+ api`, `- old`, `~ web (args, env)`, `! log_dir ...`: one line per step; `no changes` for none. */
export function formatPlan(plan: ReloadPlan): string[] {
	const lines = [
		...plan.start.map(name => `+ ${name}`),
		...plan.stop.map(name => `- ${name}`),
		...plan.restart.map(entry => `~ ${entry.name} (${entry.changed.join(', ')})${entry.isRunning ? '' : ' not running: used at its next start'}`),
		...plan.settings.map(setting => `${setting.isApplied ? '*' : '!'} ${setting.key}: ${setting.note}`),
	];
	return lines.length > 0 ? lines : ['no changes'];
}

/** `+1 -1 ~2`: the plan in one short phrase, for the message line. */
export function summarizePlan(plan: ReloadPlan): string {
	if (isEmptyPlan(plan)) {
		return 'no changes';
	}

	const parts = [
		plan.start.length > 0 ? `started ${plan.start.join(', ')}` : '',
		plan.stop.length > 0 ? `stopped ${plan.stop.join(', ')}` : '',
		plan.restart.length > 0 ? `changed ${plan.restart.map(entry => entry.name).join(', ')}` : '',
		...plan.settings.filter(setting => !setting.isApplied).map(setting => `${setting.key} ${setting.note}`),
	];
	return parts.filter(Boolean).join('; ');
}

function inStartOrder(processes: readonly ProcessDefinition[]): ProcessDefinition[] {
	const levels = dependencyLevels(processes);
	return processes.map((process, index) => ({process, index})).sort((a, b) => (levels.get(a.process) ?? 0) - (levels.get(b.process) ?? 0) || a.index - b.index).map(entry => entry.process);
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` compare equal. */
function stableJson(value: unknown): string {
	return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'object' && item !== null && !Array.isArray(item)
		? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
		: item));
}

/** What a plan compares of a loaded manifest. */
export function definitionOf(manifest: {readonly processes: ReadonlyArray<{toConfig(): ProcessDefinition}>; readonly kill_timeout: number; readonly fileControlServer: string | null; readonly on_hangup: unknown; readonly base_directory: string | null; readonly logging: unknown}): ManifestDefinition {
	return {
		processes: manifest.processes.map(process => process.toConfig()),
		settings: {kill_timeout: manifest.kill_timeout, control_server: manifest.fileControlServer, on_hangup: manifest.on_hangup, base_directory: manifest.base_directory, logging: manifest.logging},
	};
}

/** A scale touches only the copies of its group: the others stay as they are, whatever else the manifest's files say now. */
export function scalePlan(plan: ReloadPlan, members: ReadonlySet<string>): ReloadPlan {
	return {
		start: plan.start.filter(name => members.has(name)),
		stop: plan.stop.filter(name => members.has(name)),
		restart: [],
		unchanged: [...plan.unchanged, ...plan.restart.map(entry => entry.name)].filter(name => !members.has(name)),
		settings: [],
	};
}
