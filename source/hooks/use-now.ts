import {useEffect, useState} from 'react';

/**
The current time, advanced once a second while the component is mounted: the one timer of the UI,
for uptimes and retry countdowns.
*/
export function useNow(intervalMs = 1000): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		const timer = setInterval(() => {
			setNow(Date.now());
		}, intervalMs);
		return () => {
			clearInterval(timer);
		};
	}, [intervalMs]);
	return now;
}
