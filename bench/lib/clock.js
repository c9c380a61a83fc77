import {existsSync, readFileSync} from 'node:fs';

/**
Wall-clock nanoseconds, comparable with `date +%s%N` in the children (same CLOCK_REALTIME),
at microsecond precision.
*/
export function nowNs() {
	return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

/** The `date +%s%N` values a child appended to a file, in file order. */
export function readClock(file) {
	if (!existsSync(file)) {
		return [];
	}

	return readFileSync(file, 'utf8')
		.split('\n')
		.map(line => line.trim())
		.filter(line => /^\d+$/.test(line))
		.map(line => BigInt(line));
}

export function nsToMs(ns) {
	return Number(ns) / 1e6;
}

/** For each exit, the gap to the first start after it, in ms (exit i → start i+1). */
export function pairGaps(exits, starts) {
	const gaps = [];
	for (const exit of exits) {
		const next = starts.find(start => start >= exit);
		if (next !== undefined) {
			gaps.push(nsToMs(next - exit));
		}
	}

	return gaps;
}

export function maxOf(values) {
	return values.reduce((max, value) => (value > max ? value : max), values[0]);
}

export function minOf(values) {
	return values.reduce((min, value) => (value < min ? value : min), values[0]);
}
