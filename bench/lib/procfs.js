import {readdirSync, readFileSync} from 'node:fs';
import {execFileSync} from 'node:child_process';

let ticksPerSecond;

export function clockTicks() {
	ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
	return ticksPerSecond;
}

function readStatFields(pid) {
	const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
	// The command name may contain spaces and parentheses: fields start after the last ')'.
	return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of a process (all its threads), in clock ticks; NaN when it is gone. */
export function cpuTicks(pid) {
	try {
		const fields = readStatFields(pid);
		// Fields after the name: state(0) ppid(1) ... utime(11) stime(12).
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return Number.NaN;
	}
}

export function rssMb(pid) {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
		return match ? Number(match[1]) / 1024 : Number.NaN;
	} catch {
		return Number.NaN;
	}
}

/** True when the pid no longer runs: no such process, or only a zombie waiting to be reaped. */
export function isGone(pid) {
	try {
		return readStatFields(pid)[0] === 'Z';
	} catch {
		return true;
	}
}

export function childPids(pid) {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/** Every pid whose environment holds `name=value` (the bench marks everything it starts so). */
export function findMarked(name, value) {
	const wanted = `${name}=${value}`;
	const found = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) {
			continue;
		}

		try {
			const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
			if (environ.split('\0').includes(wanted)) {
				found.push(Number(entry));
			}
		} catch {}
	}

	return found;
}
