import {afterEach, describe, expect, it, vi} from 'vitest';
import {HealthMonitor} from '../source/pilot/engine/health-monitor.js';
import {withHealthDefaults} from '../source/pilot/manifest/lifecycle-shape.js';
import type {HealthCheck, HealthStatus} from '../source/pilot/model/health.js';
import {Process} from '../source/pilot/model/process-model.js';
import {waitUntil} from './helpers/engine.js';

const monitors: HealthMonitor[] = [];

afterEach(() => {
	for (const monitor of monitors.splice(0)) {
		monitor.stop();
	}
});

function watch(check: HealthCheck, config: Record<string, unknown> = {}) {
	const statuses: HealthStatus[] = [];
	const unhealthy: string[] = [];
	const monitor = new HealthMonitor({
		process: new Process({name: 'web', path: '/bin/true'}),
		config: withHealthDefaults({strategy: 'test', interval_sec: 0.01, timeout_sec: 1, ...config}),
		check,
		pid: 1,
		onStatus(status) {
			statuses.push(status);
		},
		onUnhealthy(reason) {
			unhealthy.push(reason);
		},
	});
	monitors.push(monitor);
	monitor.start();
	return {monitor, statuses, unhealthy};
}

describe('HealthMonitor', () => {
	it('turns unhealthy only after `retries` failures in a row, with the last reason', async () => {
		let calls = 0;
		const {statuses, unhealthy} = watch(() => {
			calls++;
			return calls <= 2 ? true : {ok: false, reason: `bad ${calls}`};
		}, {retries: 3});
		await waitUntil(() => unhealthy.length > 0, 5000, 'unhealthy');
		// The reason names the call that tipped it: the 5th (2 successes, then 3 failures in a row);
		// checks go on meanwhile, so `calls` may have moved past it.
		expect(unhealthy).toEqual(['bad 5']);
		expect(calls).toBeGreaterThanOrEqual(5);
		// Later failures may report again (a new reason); the state itself changed only these times.
		expect(statuses.map(status => status.state).filter((state, index, all) => state !== all[index - 1])).toEqual(['pending', 'healthy', 'unhealthy']);
	});

	it('a success makes it healthy again, and a new failure streak must reach `retries` again', async () => {
		let calls = 0;
		const answers = [false, false, true, false, false];
		const {statuses, unhealthy} = watch(() => answers[calls++] ?? true, {retries: 2});
		await waitUntil(() => calls > answers.length, 5000, 'all answers');
		expect(unhealthy).toEqual(['check failed', 'check failed']);
		expect(statuses.map(status => status.state)).toEqual(['pending', 'unhealthy', 'healthy', 'unhealthy', 'healthy']);
	});

	it('failures within start_period_sec do not count', async () => {
		let calls = 0;
		const {statuses, unhealthy} = watch(() => {
			calls++;
			return false;
		}, {retries: 1, start_period_sec: 0.3});
		await waitUntil(() => calls >= 3, 5000, 'three checks');
		expect(unhealthy).toEqual([]);
		expect(statuses.at(-1)?.state).toBe('pending');
		await waitUntil(() => unhealthy.length > 0, 5000, 'unhealthy after the start period');
	});

	it('a check that hangs is abandoned at timeout_sec (its signal aborted) and counts as a failure; checks never overlap', async () => {
		let running = 0;
		let maxRunning = 0;
		let aborted = 0;
		const {unhealthy} = watch(async (_process, {signal}) => {
			running++;
			maxRunning = Math.max(maxRunning, running);
			await new Promise<void>(resolve => {
				signal.addEventListener('abort', () => {
					aborted++;
					resolve();
				});
			});
			running--;
			return true;
		}, {timeout_sec: 0.05, retries: 2});
		await waitUntil(() => unhealthy.length > 0, 5000, 'unhealthy');
		expect(unhealthy[0]).toBe('check timed out after 0.05s');
		expect(aborted).toBeGreaterThanOrEqual(2);
		expect(maxRunning).toBe(1);
	});

	it('a throwing check is a failure with its message; stop() ends the checks', async () => {
		// On a fake clock: "no check after stop()" holds for as long as the test says, not for a sleep.
		vi.useFakeTimers();
		try {
			let calls = 0;
			const {monitor, unhealthy} = watch(() => {
				calls++;
				throw new Error('boom');
			}, {retries: 1});
			await vi.advanceTimersByTimeAsync(100);
			expect(unhealthy).toEqual(['boom']);
			monitor.stop();
			const seen = calls;
			await vi.advanceTimersByTimeAsync(60_000);
			expect(calls).toBe(seen);
		} finally {
			vi.useRealTimers();
		}
	});
});
