// /proc readers for the soak benchmark (Linux only): the judge is the kernel, not the pilot.
import {readdirSync, readFileSync} from 'node:fs';
import {rssMb} from './lib/procfs.js';

export {rssMb};

function statFields(pid) {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
		return text.slice(text.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined;
	}
}

function pids() {
	return readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number);
}

/** utime + stime in seconds (USER_HZ is 100 on Linux). */
export function cpuSeconds(pid) {
	const fields = statFields(pid);
	return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : Number.NaN;
}

export function fdCount(pid) {
	try {
		return readdirSync(`/proc/${pid}/fd`).length;
	} catch {
		return Number.NaN;
	}
}

/** Zombie children of `pid`. */
export function zombiesOf(pid) {
	return pids().filter(child => {
		const fields = statFields(child);
		return fields?.[0] === 'Z' && Number(fields[1]) === pid;
	});
}

/** Live processes carrying the marker of the pilot with this pid (`PILOT_TUI_OWNER=<pid>-…`). */
export function ownedBy(pilotPid) {
	const prefix = `PILOT_TUI_OWNER=${pilotPid}-`;
	return pids().filter(pid => {
		const fields = statFields(pid);
		if (!fields || fields[0] === 'Z') {
			return false;
		}

		try {
			return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').some(entry => entry.startsWith(prefix));
		} catch {
			return false;
		}
	});
}
