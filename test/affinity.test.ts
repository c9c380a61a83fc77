import {spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import os from 'node:os';
import {afterEach, describe, expect, it} from 'vitest';
import {findTaskset, setAffinityOfPid, withAffinity} from '../source/pilot/os/affinity.js';
import {killGroups} from './helpers/ready-context.js';
import {waitFor} from './helpers/proc.js';

const children: ChildProcess[] = [];
const lastCore = os.availableParallelism() - 1;

afterEach(() => {
	killGroups(children);
});

function cpusAllowed(pid: number): string {
	return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '';
}

function spawnDetached(file: string, args: string[]): ChildProcess {
	const child = spawn(file, args, {detached: true, stdio: 'ignore'});
	children.push(child);
	return child;
}

describe('withAffinity', () => {
	it('leaves the command alone without affinity', () => {
		expect(withAffinity('/bin/sleep', ['5'], null, 'nap')).toEqual({file: '/bin/sleep', args: ['5']});
		expect(withAffinity('/bin/sleep', ['5'], [], 'nap')).toEqual({file: '/bin/sleep', args: ['5']});
	});

	it('wraps the command in taskset -c on Linux', () => {
		const taskset = findTaskset();
		expect(taskset).toMatch(/taskset$/);
		expect(withAffinity('/bin/sleep', ['5', '-x'], [0, 1], 'nap')).toEqual({file: taskset, args: ['-c', '0,1', '/bin/sleep', '5', '-x']});
	});

	it('pins the spawned child from the start: /proc/<pid>/status shows the cores', async () => {
		const {file, args, warning} = withAffinity('/bin/sh', ['-c', 'sleep 30'], [lastCore], 'pinned');
		expect(warning).toBeUndefined();
		const child = spawnDetached(file, args);
		// taskset execs the shell in the same pid: wait for that, then read its mask.
		expect(await waitFor(() => readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim() === 'sh', 5000)).toBe(true);
		expect(cpusAllowed(child.pid!)).toBe(String(lastCore));
	});

	it('warns and runs unpinned where the platform has no affinity', () => {
		const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
		Object.defineProperty(process, 'platform', {value: 'darwin'});
		try {
			expect(withAffinity('/bin/sleep', ['5'], [0], 'nap')).toEqual({file: '/bin/sleep', args: ['5'], warning: 'CPU affinity is not supported on darwin; nap runs unpinned'});
		} finally {
			Object.defineProperty(process, 'platform', platform);
		}
	});
});

describe('setAffinityOfPid', () => {
	it('pins a running process', async () => {
		const child = spawnDetached('/bin/sleep', ['30']);
		expect(await setAffinityOfPid(child.pid!, [lastCore])).toBe(true);
		expect(cpusAllowed(child.pid!)).toBe(String(lastCore));
	});

	it('answers false for a pid that does not exist', async () => {
		expect(await setAffinityOfPid(2 ** 22 + 7, [0])).toBe(false);
	});
});
