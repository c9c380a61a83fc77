import {clockTicks, cpuTicks, rssMb} from './procfs.js';
import {sleep} from './wait.js';

/**
CPU of each pid over a window, from /proc/<pid>/stat utime+stime (all threads), as % of one core,
plus RSS at the end. A pid that vanished during the window gives NaN.
*/
export async function measureCpu(pids, seconds) {
	const before = pids.map(pid => cpuTicks(pid));
	const start = performance.now();
	await sleep(seconds * 1000);
	const elapsed = (performance.now() - start) / 1000;
	const after = pids.map(pid => cpuTicks(pid));
	return pids.map((pid, index) => ({
		pid,
		cpuPercent: ((after[index] - before[index]) / clockTicks() / elapsed) * 100,
		rssMb: rssMb(pid),
		seconds: elapsed,
	}));
}
