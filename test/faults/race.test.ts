import {afterEach, describe, expect, it} from 'vitest';
import {isAlive, waitFor} from '../helpers/proc.js';
import {cleanupPilots, faultChild, launchPilot, ownedBy, type PilotProgram} from './harness.js';

afterEach(cleanupPilots);

const orders = [
	['stop', 'restart', 'exit'],
	['stop', 'exit', 'restart'],
	['restart', 'stop', 'exit'],
	['restart', 'exit', 'stop'],
	['exit', 'stop', 'restart'],
	['exit', 'restart', 'stop'],
	['restart', 'exit'],
	['stop', 'exit'],
	['restart', 'restart', 'exit'],
];

/** Checks, as often as it can, that /proc never shows two live children of the pilot at once. */
function watchForTwins(pilot: PilotProgram): {stop: () => number} {
	let most = 0;
	const timer = setInterval(() => {
		most = Math.max(most, ownedBy(pilot.pid).length);
	}, 5);
	return {
		stop() {
			clearInterval(timer);
			return most;
		},
	};
}

describe('stopProcess, restartProcesses and an exit arriving at the same moment', () => {
	it('end in a consistent state, never with two live children for one name', async () => {
		const pilot = await launchPilot([faultChild('victim', 'sleep', {restart_delay_sec: 0.05, min_uptime_sec: 0.01})]);
		const watch = watchForTwins(pilot);
		for (const order of [...orders, ...orders]) {
			await pilot.request('startProcess', {name: 'victim'});
			expect(await waitFor(async () => (await pilot.row('victim')).state === 'running', 10_000)).toBe(true);
			const {results} = await pilot.request<{results: string[]}>('race', {name: 'victim', order});
			expect(results.every(result => result === 'ok')).toBe(true);
			// Once settled, the table and /proc agree: one live child when running, none when stopped.
			let row = {state: '', pid: null as number | null};
			const isSettled = await waitFor(async () => {
				row = await pilot.row('victim');
				return row.state === 'stopped' || (row.state === 'running' && row.pid !== null);
			}, 10_000);
			expect(isSettled, `${order.join(' + ')} ended ${row.state}`).toBe(true);
			const live = ownedBy(pilot.pid);
			if (row.state === 'running') {
				expect(live, order.join(' + ')).toEqual([row.pid]);
				expect(isAlive(row.pid!)).toBe(true);
			} else {
				expect(live, order.join(' + ')).toEqual([]);
				expect(row.pid).toBeNull();
			}

			const {running} = await pilot.snapshot();
			expect(running.length).toBe(row.state === 'running' ? 1 : 0);
		}

		expect(watch.stop()).toBeLessThanOrEqual(1);
		expect((await pilot.snapshot()).isRunning).toBe(true);
	});
});
