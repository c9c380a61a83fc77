import {readFileSync} from 'node:fs';
import {isGone} from './procfs.js';

/** Pids a child logged with `echo $$ >> file`. */
export function readPids(file) {
	try {
		return readFileSync(file, 'utf8').split('\n').filter(line => /^\d+$/.test(line.trim())).map(Number);
	} catch {
		return [];
	}
}

export function alivePids(file) {
	return readPids(file).filter(pid => !isGone(pid));
}

/**
SIGKILL children a supervisor left running after it was stopped (so they cannot skew the next
figure); returns how many there were, which the report shows.
*/
export function killLeftovers(file) {
	const alive = alivePids(file);
	for (const pid of alive) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}

	return alive.length;
}
