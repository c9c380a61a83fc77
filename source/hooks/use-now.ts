import {useEffect, useMemo, useState} from 'react';

/**
The current time for uptimes and retry countdowns: read afresh whenever `change` changes (the
pilot's snapshot, which changes at most once per stats sample), and otherwise advanced by the one
timer of the UI when nothing changed for `intervalMs`. So the screen redraws about once a second,
not once for the clock and once more for the stats.
*/
export function useNow(change: unknown, intervalMs = 1100): number {
	const [tick, setTick] = useState(0);
	useEffect(() => {
		const timer = setTimeout(() => {
			setTick(count => count + 1);
		}, intervalMs);
		return () => {
			clearTimeout(timer);
		};
	}, [change, tick, intervalMs]);
	// eslint-disable-next-line react-hooks/exhaustive-deps
	return useMemo(() => Date.now(), [change, tick]);
}
