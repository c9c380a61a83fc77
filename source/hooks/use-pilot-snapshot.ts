import {useCallback, useRef, useSyncExternalStore} from 'react';
import type {PilotApi, PilotSnapshot} from '../pilot/model/pilot-api.js';

const logFields: ReadonlySet<keyof PilotSnapshot> = new Set(['logSeq']);

function isSameApartFromLogs(a: PilotSnapshot, b: PilotSnapshot): boolean {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof PilotSnapshot>);
	return [...keys].every(key => logFields.has(key) || Object.is(a[key], b[key]));
}

/**
The engine's current snapshot, except that new log lines alone do not re-render: those are
followed by `useLogSeq`, only for the lines on screen.
*/
export function usePilotSnapshot(api: PilotApi): PilotSnapshot {
	const last = useRef<PilotSnapshot | undefined>(undefined);
	// Wrapped so that an API whose methods rely on `this` keeps working.
	const subscribe = useCallback((listener: () => void) => api.subscribe(listener), [api]);
	const getSnapshot = useCallback(() => {
		const next = api.getSnapshot();
		if (!last.current || !isSameApartFromLogs(last.current, next)) {
			last.current = next;
		}

		return last.current;
	}, [api]);
	return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/**
The `seq` of the newest log line of one process (`name`), of all processes (`undefined`), or 0 when
no logs are shown (`null`): changes only when the log pane has something new to show.
*/
export function useLogSeq(api: PilotApi, name: string | undefined | null): number {
	const subscribe = useCallback((listener: () => void) => api.subscribe(listener), [api]);
	const getSeq = useCallback(() => {
		if (name === null) {
			return 0;
		}

		return name === undefined ? api.getSnapshot().logSeq : api.getLogs(name, 1).at(-1)?.seq ?? 0;
	}, [api, name]);
	return useSyncExternalStore(subscribe, getSeq, getSeq);
}
