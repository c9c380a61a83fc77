import {useCallback, useSyncExternalStore} from 'react';
import type {PilotApi, PilotSnapshot} from '../pilot/model/pilot-api.js';

/**
The engine's current snapshot. Its identity changes only when rows, messages or the running
state changed: new log lines have their own subscription, followed by `useLogSeq` only for the
lines on screen.
*/
export function usePilotSnapshot(api: PilotApi): PilotSnapshot {
	// Wrapped so that an API whose methods rely on `this` keeps working.
	const subscribe = useCallback((listener: () => void) => api.subscribe(listener), [api]);
	const getSnapshot = useCallback(() => api.getSnapshot(), [api]);
	return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/**
The `seq` of the newest log line of one process (`name`), of all processes (`undefined`), or 0 when
no logs are shown (`null`): changes only when the log pane has something new to show.
*/
export function useLogSeq(api: PilotApi, name: string | undefined | null): number {
	const subscribe = useCallback((listener: () => void) => api.subscribeLogs(listener), [api]);
	const getSeq = useCallback(() => {
		if (name === null) {
			return 0;
		}

		return name === undefined ? api.getLogSeq() : api.getLogs(name, 1).at(-1)?.seq ?? 0;
	}, [api, name]);
	return useSyncExternalStore(subscribe, getSeq, getSeq);
}
