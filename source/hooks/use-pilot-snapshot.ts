import {useCallback, useSyncExternalStore} from 'react';
import type {PilotApi, PilotSnapshot} from '../pilot/types.js';

/** The engine's current snapshot; re-renders only when the engine says it changed. */
export function usePilotSnapshot(api: PilotApi): PilotSnapshot {
	// Wrapped so that an API whose methods rely on `this` keeps working.
	const subscribe = useCallback((listener: () => void) => api.subscribe(listener), [api]);
	const getSnapshot = useCallback(() => api.getSnapshot(), [api]);
	return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
