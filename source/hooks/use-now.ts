import {useEffect, useMemo, useState} from 'react';

/**
The current time for uptimes and retry countdowns: read afresh whenever `change` changes (the
snapshot on screen), and otherwise once `nextChangeMs(now)` has passed: the time until something
drawn from the clock shows another figure, asked after each render (so it may read what that
render put on screen). An idle table whose uptimes show minutes redraws once a minute, not every second.
*/
export function useNow(change: unknown, nextChangeMs: (now: number) => number = () => 1000): number {
	const [tick, setTick] = useState(0);
	// eslint-disable-next-line react-hooks/exhaustive-deps, react-hooks/purity -- the clock is read on purpose exactly when the snapshot or the tick changes
	const now = useMemo(() => Date.now(), [change, tick]);
	useEffect(() => {
		const delay = nextChangeMs(now);
		if (!Number.isFinite(delay)) {
			return;
		}

		// A few ms late, so that the figure has changed when the screen is drawn.
		const timer = setTimeout(() => {
			setTick(count => count + 1);
		}, Math.max(20, delay - (Date.now() - now) + 5));
		return () => {
			clearTimeout(timer);
		};
	});
	return now;
}
