import {useCallback, useRef, useState} from 'react';

/**
`useReducer` whose latest state can also be read synchronously: key presses that arrive faster than
React re-renders (typing `jjr`) each act on the state the previous one left, not on a stale render.
*/
export function useLatestReducer<State, Event>(reducer: (state: State, event: Event) => State, initial: State): [State, (event: Event) => void, () => State] {
	const latest = useRef(initial);
	const [state, setState] = useState(initial);
	const dispatch = useCallback((event: Event) => {
		latest.current = reducer(latest.current, event);
		setState(latest.current);
	}, [reducer]);
	const getLatest = useCallback(() => latest.current, []);
	return [state, dispatch, getLatest];
}
