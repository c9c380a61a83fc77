import type {PilotSnapshot, ProcessView} from '../../source/pilot/model/pilot-api.js';
import type {HostLink, LinkHandlers, OpenLink} from '../../source/remote/fleet/host-link.js';
import {makeView} from './fake-pilot.js';

export function fleetView(name: string, pid: number): ProcessView {
	return makeView(name, {pid, cpuPercent: 1, memoryMb: 10, startedAt: 1000});
}

export function fleetSnapshot(processes: ProcessView[]): PilotSnapshot {
	return {processes, isRunning: true, startedAt: 1000, messages: []};
}

/** A host whose every connect is decided by the test: `last()` is the handlers of the latest attempt. */
export function fakeHost() {
	const attempts: LinkHandlers[] = [];
	const requests: Array<{method: string; route: string; body?: unknown}> = [];
	const open: OpenLink = handlers => {
		attempts.push(handlers);
		const link: HostLink = {
			async request(method, route, body) {
				requests.push({method, route, body});
				return {ok: true};
			},
			close() {},
		};
		return link;
	};

	return {open, attempts, requests, last: () => attempts.at(-1)!};
}
