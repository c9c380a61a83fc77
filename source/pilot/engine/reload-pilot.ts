import {ManifestError, type ProcessManifest} from '../manifest/process-manifest.js';
import type {Process} from '../model/process-model.js';
import {applyReload, type ReloadHost} from './apply-reload.js';
import {definitionOf, formatPlan, isEmptyPlan, planReload, scalePlan, summarizePlan} from './reload-plan.js';
import type {ReloadResult} from '../model/reload-result.js';

export type {ReloadResult} from '../model/reload-result.js';

export type ReloadOptions = {
	/** Only compute and return the plan. */
	readonly dryRun?: boolean;
};

export type ReloadRequest =
	| {readonly kind: 'reload'; readonly dryRun: boolean}
	| {readonly kind: 'scale'; readonly group: string; readonly count: number; readonly dryRun: boolean};

/** What a reload needs from the pilot besides applying (`ReloadHost`). */
export type PilotReloadHost = ReloadHost & {
	/** Whether the process has a run now (a changed one without a run only takes the new definition). */
	readonly isRunning: (name: string) => boolean;
	/** Throws when a ready strategy or health check of these processes is provided by no plugin. */
	readonly checkPlugins: (processes: readonly Process[]) => void;
	readonly report: (level: 'info' | 'warn' | 'error', text: string) => void;
	readonly writePilotLog: (level: 'info' | 'warn' | 'error', text: string) => void;
	readonly emit: (event: string, payload: unknown) => void;
};

export const maxReplicas = 1000;

/**
Read the manifest again (or, for a scale, the same manifest with another replica count), plan
and apply. Nothing changes when the manifest is invalid (a `ManifestError`, reported on the
message line and every issue in pilot.log) or names a strategy no plugin provides.
*/
export async function reloadPilot(host: PilotReloadHost, request: ReloadRequest): Promise<ReloadResult> {
	const {current} = host;
	let next: ProcessManifest;
	try {
		next = request.kind === 'scale' ? scaled(current, request.group, request.count) : current.reread();
		next.control_server = current.control_server;
		if (!request.dryRun) {
			host.checkPlugins(next.processes);
		}
	} catch (error) {
		const lines = (error as Error).message.split('\n');
		const what = request.kind === 'scale' ? `Scaling ${request.group}` : 'Reload';
		const more = lines.length > 1 ? ` (and ${lines.length - 1} more: see pilot.log or ctl reload --dry-run)` : '';
		if (!request.dryRun) {
			host.report('error', `${what} failed, nothing changed: ${lines[0]}${more}`);
			for (const line of lines.slice(1)) {
				host.writePilotLog('error', line);
			}
		}

		throw error;
	}

	const full = planReload(definitionOf(current), definitionOf(next), host.isRunning);
	const plan = request.kind === 'scale' ? scalePlan(full, new Set([...current.replicaGroups.get(request.group) ?? [], ...next.replicaGroups.get(request.group) ?? []])) : full;
	const lines = formatPlan(plan);
	if (request.dryRun) {
		return {plan, lines, isApplied: false};
	}

	if (!isEmptyPlan(plan) || request.kind === 'scale') {
		await applyReload(host, next, plan);
	}

	const what = request.kind === 'scale' ? `Scaled ${request.group} to ${request.count}` : 'Reloaded the manifest';
	host.report('info', `${what}: ${summarizePlan(plan)}`);
	for (const line of isEmptyPlan(plan) ? [] : lines) {
		host.writePilotLog('info', line);
	}

	host.emit('reloaded', {plan});
	return {plan, lines, isApplied: true};
}

function scaled(current: ProcessManifest, group: string, count: number): ProcessManifest {
	if (!current.replicaGroups.has(group)) {
		const groups = [...current.replicaGroups.keys()];
		throw new ManifestError([{file: null, line: null, column: null, field: '', process: group, severity: 'error', message: `'${group}' is not a replica group (a process with replicas: N)${groups.length > 0 ? `; the groups are ${groups.join(', ')}` : '; the manifest has none'}`}]);
	}

	if (!Number.isInteger(count) || count < 1 || count > maxReplicas) {
		throw new ManifestError([{file: null, line: null, column: null, field: '', process: group, severity: 'error', message: `The number of replicas must be a whole number from 1 to ${maxReplicas}, got ${String(count)}`}]);
	}

	return current.withReplicas(group, count);
}
