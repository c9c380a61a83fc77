import fs from 'node:fs';

/** `/proc/<pid>/stat` fields 3 (state) and 22 (start time); null when there is no such process. */
function readStat(pid: number): {state: string; startTime: string} | null {
	try {
		const text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return {state: fields[0] ?? '?', startTime: fields[19] ?? ''};
	} catch {
		return null;
	}
}

function existsBySignal(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
A test for "is this process still there", fixed to the process running now: on Linux a zombie
counts as gone (nobody may ever reap it, BEHAVIOUR.md §4) and so does a new process that got the
pid; elsewhere `kill(pid, 0)`.
*/
export function processWatcher(pid: number): () => boolean {
	const first = readStat(pid);
	if (first === null && process.platform === 'linux') {
		return () => false;
	}

	if (first === null) {
		return () => existsBySignal(pid);
	}

	return () => {
		const now = readStat(pid);
		return now !== null && now.startTime === first.startTime && now.state !== 'Z' && now.state !== 'X';
	};
}
