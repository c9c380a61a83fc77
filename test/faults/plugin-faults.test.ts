import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {waitFor} from '../helpers/proc.js';
import {cleanupPilots, faultChild, faultPlugins, launchPilot, ownedBy, type PilotProgram, temporaryDirectory} from './harness.js';

afterEach(cleanupPilots);

function calls(file: string): number {
	return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}

async function stateOf(pilot: PilotProgram, name: string): Promise<string> {
	return (await pilot.row(name)).state;
}

describe('plugins misbehave: hooks, ready strategies and stat handlers that throw, hang or return garbage', () => {
	it('the pilot stays up, shows each fault, bounds each hang, and stops cleanly', async () => {
		const statsFile = path.join(temporaryDirectory(), 'stats-calls');
		writeFileSync(statsFile, '');
		const ready = (strategy: string) => ({ready_strategy: strategy, ready_timeout_sec: 1, shutdown_strategy: 'do_not_restart'});
		const pilot = await launchPilot([
			faultChild('h-throw', 'sleep', {lifecycle_hooks: ['hook-throw']}),
			faultChild('h-hang', 'sleep', {lifecycle_hooks: ['hook-hang']}),
			faultChild('h-garbage', 'sleep', {lifecycle_hooks: ['hook-garbage']}),
			faultChild('r-throw', 'sleep', ready('ready-throw')),
			faultChild('r-hang', 'sleep', ready('ready-hang')),
			faultChild('r-garbage', 'sleep', ready('ready-garbage')),
			faultChild('s-faulty', 'sleep', {stat_handlers: ['stats-throw', 'stats-hang', 'stats-garbage', 'stats-count']}),
		], {plugins: faultPlugins, waitStarted: false, env: {FAULT_STATS_FILE: statsFile, FAULT_POLL: '0.2'}});

		// Throwing and garbage-returning hooks: the process runs, the throw is shown.
		expect(await waitFor(async () => (await stateOf(pilot, 'h-throw')) === 'running' && (await stateOf(pilot, 'h-garbage')) === 'running', 10_000)).toBe(true);
		let messages = (await pilot.snapshot()).messages.join('\n');
		expect(messages).toMatch(/pre_start hook of 'h-throw' failed: pre_start exploded/);
		expect(messages).toMatch(/post_start hook of 'h-throw' failed: post_start exploded/);
		expect(messages).not.toMatch(/h-garbage/);

		// Ready strategies: a throw, garbage and a hang each end in `failed`, the hang bounded by ready_timeout_sec + 1.
		expect(await waitFor(async () => {
			const rows = (await pilot.snapshot()).rows.filter(row => row.name.startsWith('r-'));
			return rows.every(row => row.state === 'failed');
		}, 10_000)).toBe(true);
		const snapshot = await pilot.snapshot();
		messages = snapshot.messages.join('\n');
		expect(messages).toMatch(/Ready strategy 'ready-throw' of 'r-throw' failed: ready strategy exploded/);
		expect(messages).toMatch(/Ready strategy 'ready-hang' of 'r-hang' failed: ready strategy 'ready-hang' timed out after 2s/);
		expect(messages).toMatch(/Ready strategy 'ready-garbage' of 'r-garbage' returned "yes", not true or false; treated as not ready/);
		for (const row of snapshot.rows.filter(row => row.name.startsWith('r-'))) {
			expect(row).toMatchObject({ready: false, pid: null});
		}

		// Stat handlers: sampling goes on beside a handler that throws and one that hangs.
		expect(await waitFor(() => calls(statsFile) >= 5, 10_000)).toBe(true);
		expect((await pilot.snapshot()).messages.join('\n')).toMatch(/Stat handler '.*' failed: stat handler exploded/);
		// Reported once, not once per sample: it would push every other message out.
		expect((await pilot.snapshot()).messages.filter(text => text.includes('stat handler exploded'))).toHaveLength(1);
		const sampled = (await pilot.row('s-faulty')) as unknown as {memoryMb: number};
		expect(sampled.memoryMb).toBeGreaterThan(0);

		// A hanging pre_start hook holds only its own process, for at most the 10 s hook timeout.
		expect(await stateOf(pilot, 'h-hang')).toBe('starting');
		expect(await waitFor(async () => (await stateOf(pilot, 'h-hang')) === 'running', 15_000)).toBe(true);
		expect((await pilot.snapshot()).messages.join('\n')).toMatch(/pre_start hook of 'h-hang' failed: pre_start hook 'never' timed out after 10s/);
		await pilot.next(message => message.type === 'started', 5000, 'started');

		// The stop runs the throwing on_shutdown hook, and still stops everything.
		await pilot.request('stop');
		expect((await pilot.snapshot()).messages.join('\n')).toMatch(/on_shutdown hook of 'h-throw' failed: on_shutdown exploded/);
		expect((await pilot.snapshot()).rows.every(row => row.pid === null)).toBe(true);
		expect(ownedBy(pilot.pid)).toEqual([]);
		expect(pilot.child.exitCode).toBeNull();
	});
});
