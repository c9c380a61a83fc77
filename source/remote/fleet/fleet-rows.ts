import type {ProcessView} from '../../pilot/model/pilot-api.js';
import type {HostState} from './host-connection.js';

/** The row key of a process in a fleet view: unique across hosts. */
export function fleetKey(host: string, process: string): string {
	return `${host}/${process}`;
}

const mapped = new WeakMap<ProcessView, ProcessView>();

/** A host's row under its fleet key; the same object for the same row, so memoised rows stay put. */
export function fleetRow(host: string, view: ProcessView): ProcessView {
	let row = mapped.get(view);
	if (!row || row.fleet?.host !== host) {
		row = {...view, name: fleetKey(host, view.name), fleet: {host, process: view.name}};
		mapped.set(view, row);
	}

	return row;
}

/** The one row standing for a host that is not connected: `connecting…`, or `unreachable: <reason>` with a retry countdown. */
export function hostRow(host: string, state: Exclude<HostState, {kind: 'connected'}>): ProcessView {
	const isUnreachable = state.kind === 'unreachable';
	return {
		name: fleetKey(host, ''),
		state: isUnreachable ? 'backoff' : 'starting',
		ready: false,
		pid: null,
		returnCode: null,
		cpuPercent: 0,
		memoryMb: 0,
		maxCpuPercent: 0,
		maxMemoryMb: 0,
		cpuHistory: [],
		restarts: 0,
		startedAt: null,
		lastExit: null,
		reason: isUnreachable ? `unreachable: ${state.reason}` : state.reason,
		nextRetryAt: isUnreachable ? state.nextRetryAt : null,
		retryDelayMs: null,
		dependencies: [],
		health: null,
		fleet: {host, process: null},
	};
}

/** Split a fleet key into host and process, knowing the hosts' labels (labels have no `/`). */
export function splitFleetKey(key: string): {host: string; process: string} | undefined {
	const slash = key.indexOf('/');
	return slash <= 0 ? undefined : {host: key.slice(0, slash), process: key.slice(slash + 1)};
}
