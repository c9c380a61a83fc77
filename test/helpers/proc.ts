import {readdirSync, readFileSync} from 'node:fs';

/** Helpers that look at real processes through /proc (Linux), never at anyone's bookkeeping. */

type Entry = {pid: number; ppid: number; state: string};

function readEntries(): Entry[] {
	const entries: Entry[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) {
			continue;
		}

		try {
			const text = readFileSync(`/proc/${name}/stat`, 'latin1');
			const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
			entries.push({pid: Number(name), ppid: Number(fields[1]), state: fields[0] ?? '?'});
		} catch {}
	}

	return entries;
}

/** Every live (non-zombie) descendant of `pid`, found by walking the ppid links of /proc. */
export function descendantsOf(pid: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readEntries()) {
		if (entry.state === 'Z') {
			continue;
		}

		const list = children.get(entry.ppid) ?? [];
		list.push(entry.pid);
		children.set(entry.ppid, list);
	}

	const found: number[] = [];
	const queue = [...(children.get(pid) ?? [])];
	while (queue.length > 0) {
		const next = queue.shift()!;
		found.push(next);
		queue.push(...(children.get(next) ?? []));
	}

	return found;
}

/** Pids of the live processes whose environment holds exactly `name=value` (this process excluded). */
export function processesWithEnv(name: string, value: string): number[] {
	const entry = `${name}=${value}`;
	const found: number[] = [];
	for (const {pid, state} of readEntries()) {
		if (pid === process.pid || state === 'Z') {
			continue;
		}

		try {
			if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry)) {
				found.push(pid);
			}
		} catch {}
	}

	return found;
}

/** Whether `pid` is a live process; a zombie (exited, not yet reaped) counts as dead. */
export function isAlive(pid: number): boolean {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
		const state = text.slice(text.lastIndexOf(')') + 2).split(' ')[0];
		return state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}

/** Polls `predicate` every 20 ms; resolves true as soon as it holds, false after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await predicate()) {
			return true;
		}

		if (Date.now() >= deadline) {
			return false;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}
}

/** Sends `signal` to a process group and to a list of pids, ignoring the ones already gone. */
export function killQuietly(pids: readonly number[], signal: NodeJS.Signals = 'SIGKILL', groups: readonly number[] = []): void {
	for (const pgid of groups) {
		try {
			process.kill(-pgid, signal);
		} catch {}
	}

	for (const pid of pids) {
		try {
			process.kill(pid, signal);
		} catch {}
	}
}
