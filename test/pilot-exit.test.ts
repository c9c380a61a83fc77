import {afterEach, describe, expect, it} from 'vitest';
import type {StateChangedEvent} from '../source/pilot/model/pilot-api.js';
import {makePilot, nodeProcess, stopAllPilots, waitUntil} from './helpers/engine.js';

afterEach(stopAllPilots);

describe('exit handling', () => {
	it('restarts a crashed child with a growing delay and fails it after max_restarts', async () => {
		const pilot = makePilot([nodeProcess('crasher', 'crash.js', {args: ['1', '50'], restart_delay_sec: 0.1, max_restarts: 3})]);
		const starts: number[] = [];
		const pids = new Set<number>();
		pilot.on('process-started', ({pid}: {pid: number}) => {
			starts.push(Date.now());
			pids.add(pid);
		});
		const backoffs: number[] = [];
		pilot.on('state-changed', ({backoff}: StateChangedEvent) => {
			if (backoff) {
				backoffs.push(backoff.delayMs);
			}
		});
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.state === 'failed', 20_000, 'failed');
		const row = pilot.getSnapshot().processes[0]!;
		expect(starts).toHaveLength(4);
		expect(pids.size).toBe(4);
		expect(row.restarts).toBe(3);
		expect(row.lastExit).toEqual({code: 1});
		expect(row.reason).toMatch(/gave up/);
		expect(backoffs).toEqual([100, 200, 400]);
		const gaps = starts.slice(1).map((start, index) => start - starts[index]!);
		expect(gaps.every((gap, index) => gap >= [100, 200, 400][index]!)).toBe(true);
		expect(pilot.getRunningProcess('crasher')).toBeUndefined();
	});

	it('shows backoff with the time of the next try', async () => {
		const pilot = makePilot([nodeProcess('crasher', 'crash.js', {args: ['3', '20'], restart_delay_sec: 5})]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.state === 'backoff', 10_000, 'backoff');
		const row = pilot.getSnapshot().processes[0]!;
		expect(row.nextRetryAt).toBeGreaterThan(Date.now());
		expect(row.retryDelayMs).toBe(5000);
		expect(row.reason).toBe('exited with code 3');
		expect(pilot.getProcessByName('crasher')!.returnCode).toBe(3);
	});

	it('leaves a do_not_restart process failed with its return code when the code is not a success code', async () => {
		const pilot = makePilot([nodeProcess('once', 'crash.js', {args: ['2', '20'], shutdown_strategy: 'do_not_restart'}), nodeProcess('other', 'sleeper.js')]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes.find(row => row.name === 'once')!.state === 'failed', 10_000, 'failed');
		expect(pilot.getProcessByName('once')!.getStatus()).toEqual({name: 'once', pid: null, status: 'failed', returnCode: 2});
		expect(pilot.isRunning()).toBe(true);
	});

	it('stops everything when a shutdown_everything process exits, reporting a failure', async () => {
		const pilot = makePilot([nodeProcess('boss', 'crash.js', {args: ['1', '300'], shutdown_strategy: 'shutdown_everything'}), nodeProcess('other', 'sleeper.js')]);
		await pilot.start();
		const result = await pilot.whenStopped();
		expect(result.failed).toBe(true);
		expect(result.reason).toMatch(/boss/);
		expect(pilot.isRunning()).toBe(false);
		expect(pilot.getRunningProcess()).toEqual([]);
	});

	it('restarts at once after a run longer than min_uptime_sec', async () => {
		const pilot = makePilot([nodeProcess('slow', 'crash.js', {args: ['0', '300'], min_uptime_sec: 0.2, restart_delay_sec: 10})]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.restarts >= 2, 10_000, 'two restarts');
		expect(pilot.getSnapshot().processes[0]!.state).not.toBe('backoff');
	});
});
