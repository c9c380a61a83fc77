import type {ChildProcess} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {GroupStatsSampler} from '../source/pilot/os/procfs/group-stats.js';
import {killGroups, spawnGroup} from './helpers/ready-context.js';
import {descendantsOf, waitFor} from './helpers/proc.js';

const busyLoop = path.join(import.meta.dirname, 'fixtures', 'stats-busy-loop.mjs');
const children: ChildProcess[] = [];

afterEach(() => {
	killGroups(children);
});

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

describe('GroupStatsSampler', () => {
	it('sums the whole group: sh -c \'node busy-loop\' shows the worker\'s CPU and memory, from the first sample', async () => {
		// Not `exec`: the shell stays the group leader and the busy worker is only a member.
		const shell = spawnGroup('"$1" "$2"; exit 0', [process.execPath, busyLoop]);
		children.push(shell);
		expect(await waitFor(() => descendantsOf(shell.pid!).length > 0, 10_000)).toBe(true);
		await sleep(1000);
		const sampler = new GroupStatsSampler();
		const first = (await sampler.sample([shell.pid!])).get(shell.pid!);
		expect(first).toBeDefined();
		expect(first!.cpuPercent).toBeGreaterThan(20);
		expect(first!.memoryMb).toBeGreaterThan(10);
		await sleep(700);
		const second = (await sampler.sample([shell.pid!])).get(shell.pid!);
		expect(second!.cpuPercent).toBeGreaterThan(20);
		expect(second!.memoryMb).toBeGreaterThan(10);
	});

	it('shows an idle group near 0% and leaves out groups with no live member', async () => {
		const idle = spawnGroup('sleep 30');
		children.push(idle);
		const gone = spawnGroup('exit 0');
		await new Promise(resolve => gone.once('exit', resolve));
		await sleep(300);
		const sampler = new GroupStatsSampler();
		await sampler.sample([idle.pid!, gone.pid!]);
		await sleep(500);
		const stats = await sampler.sample([idle.pid!, gone.pid!]);
		expect(stats.has(gone.pid!)).toBe(false);
		expect(stats.get(idle.pid!)!.cpuPercent).toBeLessThan(10);
		expect(stats.get(idle.pid!)!.memoryMb).toBeGreaterThan(0);
	});

	it('between full passes reads only known members, and counts a member that joined from the next full pass', async () => {
		// The leader idles 600 ms, then starts a busy worker in its group.
		const shell = spawnGroup('sleep 0.6; "$1" "$2"; exit 0', [process.execPath, busyLoop]);
		children.push(shell);
		const sampler = new GroupStatsSampler(3);
		await sampler.sample([shell.pid!]);
		await sleep(1200);
		const beforeRescan = (await sampler.sample([shell.pid!])).get(shell.pid!)!;
		expect(beforeRescan.cpuPercent).toBeLessThan(10);
		await sampler.sample([shell.pid!]);
		await sleep(500);
		const afterRescan = (await sampler.sample([shell.pid!])).get(shell.pid!)!;
		expect(afterRescan.cpuPercent).toBeGreaterThan(20);
		expect(afterRescan.memoryMb).toBeGreaterThan(10);
	});

	it('answers an empty map for no groups', async () => {
		expect((await new GroupStatsSampler().sample([])).size).toBe(0);
	});
});
