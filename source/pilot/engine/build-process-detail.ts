import {hideSecretValues, isSecretName, maskSecret, secretValues} from '../manifest/mask-secrets.js';
import type {HealthStatus} from '../model/health.js';
import type {HealthChange} from './health-history.js';
import type {ProcessView} from '../model/pilot-api.js';
import type {EnvEntry, ExitRecord, GroupMember, HealthDetail, LinkedProcess, ProcessDetail, ReadyDetail} from '../model/process-detail.js';
import type {Process} from '../model/process-model.js';

export type DetailSources = {
	readonly process: Process;
	readonly view: ProcessView;
	/** Every row, to find dependencies and dependents with their states. */
	readonly views: readonly ProcessView[];
	readonly exits: readonly ExitRecord[];
	readonly members: readonly GroupMember[] | null;
	/** The last changes of its health, newest first. */
	readonly healthChanges?: readonly HealthChange[];
	/** Manifest variables (`${VAR}` sources) whose secret-looking values are hidden wherever they show. */
	readonly variables?: ReadonlyArray<readonly [string, string]>;
};

/**
The variables the pilot adds for the process, secrets masked: its `env`, into which the loader has
already merged the env files' values (`env` winning). Hook: once the loader keeps where each value
came from, put the file's path in `source` here instead of `env`.
*/
export function environmentOf(process: Process): EnvEntry[] {
	return Object.entries(process.env).map(([name, value]) => ({name, value: maskSecret(name, value), isMasked: value !== '' && isSecretName(name), source: 'env'}));
}

function readinessOf(process: Process, view: ProcessView, hide: (text: string) => string): ReadyDetail {
	const state = process.ready_strategy === null ? 'none'
		: view.ready ? 'passed'
			: view.state === 'starting' || (view.state === 'running' && view.pid !== null) ? 'waiting'
				: 'not-run';
	const params = Object.fromEntries(Object.entries(process.ready_params).map(([key, value]) => [key, typeof value === 'string' ? hide(maskSecret(key, value)) : value]));
	return {strategy: process.ready_strategy, params, timeoutSec: process.ready_timeout_sec, state};
}

function describeHealth(status: HealthStatus | null | undefined): string {
	return !status ? '-' : status.state === 'unhealthy' ? `unhealthy: ${status.reason}` : status.state;
}

/** The health check, its current state and its last changes (e.g. `12:01:02 unhealthy: HTTP 500`). */
function healthOf(process: Process, view: ProcessView, changes: readonly HealthChange[]): HealthDetail | null {
	const config = process.health_check;
	if (!config) {
		return null;
	}

	const check = `${config.strategy} (every ${config.interval_sec}s, timeout ${config.timeout_sec}s, ${config.retries} retries, on unhealthy: ${config.on_unhealthy})`;
	const results = changes.map(change => `${new Date(change.time).toTimeString().slice(0, 8)}  ${describeHealth(change.status)}`);
	return {check, state: describeHealth(view.health), results};
}

function link(name: string, views: ReadonlyMap<string, ProcessView>): LinkedProcess {
	const view = views.get(name);
	return {name, state: view?.state ?? 'stopped', ready: view?.ready ?? false};
}

/** The detail view's data from what the pilot holds on a process; plain JSON, ready for the http API. */
export function buildProcessDetail({process, view, views, exits, members, healthChanges = [], variables = []}: DetailSources): ProcessDetail {
	const byName = new Map(views.map(row => [row.name, row]));
	// A secret can reach the command line or a parameter through `${VAR}`: hidden there too.
	const secrets = secretValues([...variables, ...Object.entries(process.env)]);
	const hide = (text: string) => hideSecretValues(text, secrets);
	return {
		name: process.name,
		state: view.state,
		ready: view.ready,
		pid: view.pid,
		startedAt: view.startedAt,
		reason: view.reason,
		command: process.command.map(word => hide(word)),
		workingDirectory: process.working_directory === null ? null : hide(process.working_directory),
		env: environmentOf(process),
		readiness: readinessOf(process, view, hide),
		health: healthOf(process, view, healthChanges),
		dependencies: [...new Set(process.dependencies)].map(name => link(name, byName)),
		dependents: views.filter(row => row.dependencies.includes(process.name)).map(row => link(row.name, byName)),
		affinity: process.affinity,
		restart: {
			strategy: process.shutdown_strategy ?? 'restart',
			minUptimeSec: process.min_uptime_sec,
			delaySec: process.restart_delay_sec,
			maxDelaySec: process.max_restart_delay_sec,
			maxRestarts: process.max_restarts,
			restarts: view.restarts,
			nextRetryAt: view.nextRetryAt,
		},
		exits,
		members: members === null ? null : members.map(member => ({...member, command: hide(member.command)})),
	};
}
