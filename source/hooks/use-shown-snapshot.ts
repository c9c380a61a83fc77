import {useCallback, useRef, useSyncExternalStore} from 'react';
import {isSnapshotSameOnScreen} from '../components/shown-snapshot.js';
import type {PilotApi, PilotSnapshot} from '../pilot/model/pilot-api.js';

/**
The engine's snapshot as the screen shows it: a new snapshot that would draw the same screen (stats
that round to the same figures) keeps the previous one, so React does not render and Ink does not
draw. The comparison costs a few field reads per process; a frame costs milliseconds.
*/
export function useShownSnapshot(api: PilotApi): PilotSnapshot {
	const last = useRef<{engine: PilotSnapshot; shown: PilotSnapshot} | undefined>(undefined);
	// Wrapped so that an API whose methods rely on `this` keeps working.
	const subscribe = useCallback((listener: () => void) => api.subscribe(listener), [api]);
	const getSnapshot = useCallback(() => {
		const engine = api.getSnapshot();
		const previous = last.current;
		if (previous?.engine === engine) {
			return previous.shown;
		}

		const shown = previous && isSnapshotSameOnScreen(previous.shown, engine) ? previous.shown : engine;
		last.current = {engine, shown};
		return shown;
	}, [api]);
	return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
