import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makePilot, nodeProcess, stopAllPilots, waitUntil} from './helpers/engine.js';

afterEach(stopAllPilots);

describe('a failed process stays failed', () => {
	it('keeps failed and its reason after the pilot stops, until it is started again', async () => {
		const pilot = makePilot([
			nodeProcess('crasher', 'crash.js', {args: ['1', '20'], max_restarts: 1, restart_delay_sec: 0.05, min_uptime_sec: 5}),
			nodeProcess('never-ready', 'sleeper.js', {ready_strategy: 'file', ready_params: {path: path.join(os.tmpdir(), `never-${process.pid}.ready`)}, ready_timeout_sec: 0.3}),
			nodeProcess('calm', 'sleeper.js'),
		]);
		await pilot.start();
		const row = (name: string) => pilot.getSnapshot().processes.find(process => process.name === name)!;
		await waitUntil(() => row('crasher').state === 'failed' && row('never-ready').state === 'failed', 10_000, 'both failed');
		const reasons = {crasher: row('crasher').reason, neverReady: row('never-ready').reason};
		expect(reasons.crasher).toMatch(/gave up/);
		expect(reasons.neverReady).toMatch(/failed to signal ready/);
		await pilot.stop();
		expect(row('crasher')).toMatchObject({state: 'failed', reason: reasons.crasher});
		expect(row('never-ready')).toMatchObject({state: 'failed', reason: reasons.neverReady});
		expect(pilot.getProcessByName('crasher')!.status).toBe('failed');
		expect(row('calm').state).toBe('stopped');
		// A failed process the user stops on its own keeps its state too; starting it again clears it.
		await pilot.start();
		await waitUntil(() => row('crasher').state === 'failed', 10_000, 'crasher failed again');
		await pilot.stopProcess('crasher');
		expect(row('crasher').state).toBe('failed');
		const changes: Array<{state: string; reason: string | null}> = [];
		pilot.on('state-changed', ({name, state, reason}: {name: string; state: string; reason: string | null}) => {
			if (name === 'crasher') {
				changes.push({state, reason});
			}
		});
		await pilot.startProcess('crasher');
		expect(changes[0]).toEqual({state: 'starting', reason: null});
	});
});
