import {spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {isGroupAlive, waitForGroupExit} from '../source/pilot/os/process-group.js';

const isLinux = process.platform === 'linux';
const children: ChildProcess[] = [];

afterEach(() => {
	for (const child of children.splice(0)) {
		child.kill('SIGKILL');
	}
});

function stateOf(pid: number): string | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
		return text.slice(text.lastIndexOf(')') + 2).split(' ')[0];
	} catch {
		return undefined;
	}
}

/**
A process group whose only member is a zombie nobody reaps, as under a slow init or as PID 1 in a
container: `setsid sleep 0.1` gets a group of its own and exits; its parent then execs a program
that never waits, so it stays a zombie for as long as that parent lives.
*/
async function zombieOnlyGroup(): Promise<number> {
	const parent = spawn('/bin/sh', ['-c', 'setsid sleep 0.1 & echo $!; exec sleep 30'], {stdio: ['ignore', 'pipe', 'inherit']});
	children.push(parent);
	const pgid = Number(await new Promise<string>(resolve => {
		parent.stdout.once('data', (chunk: Buffer) => {
			resolve(chunk.toString().trim());
		});
	}));
	const deadline = Date.now() + 5000;
	while (stateOf(pgid) !== 'Z' && Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	expect(stateOf(pgid)).toBe('Z');
	return pgid;
}

describe.runIf(isLinux)('process groups', () => {
	it('counts a group whose only members are zombies as gone', async () => {
		const pgid = await zombieOnlyGroup();
		// The kernel still knows the group: kill(-pgid, 0) succeeds while the zombie exists.
		expect(() => process.kill(-pgid, 0)).not.toThrow();
		expect(isGroupAlive(pgid)).toBe(false);
		expect(await waitForGroupExit(pgid, 2000)).toBe(true);
	});

	it('counts a group with a living member as alive', async () => {
		const child = spawn('sleep', ['30'], {detached: true, stdio: 'ignore'});
		children.push(child);
		expect(isGroupAlive(child.pid!)).toBe(true);
		expect(await waitForGroupExit(child.pid!, 100)).toBe(false);
	});
});
