import {spawn} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {engineFixtures, isAlive, makePilot, nodeProcess, stopAllPilots, waitUntil} from './helpers/engine.js';

afterEach(stopAllPilots);

function grandchildOf(pilot: ReturnType<typeof makePilot>, name: string): number {
	const line = pilot.getLogs(name).find(entry => entry.text.startsWith('grandchild '));
	return Number(line?.text.split(' ')[1]);
}

describe('stopping', () => {
	it('SIGKILLs a child that ignores SIGTERM after its timeout, and the pilot and siblings live on', async () => {
		const pilot = makePilot([nodeProcess('stubborn', 'ignore-term.js', {timeout: 0.5}), nodeProcess('sibling', 'sleeper.js')]);
		await pilot.start();
		await waitUntil(() => pilot.getLogs('stubborn').length > 0, 10_000, 'stubborn ready');
		const pid = pilot.getRunningProcess('stubborn')!.pid!;
		await pilot.stopProcess('stubborn');
		expect(isAlive(pid)).toBe(false);
		expect(pilot.getSnapshot().processes[0]).toMatchObject({state: 'stopped', lastExit: {signal: 'SIGKILL'}});
		expect(pilot.getProcessByName('stubborn')!.returnCode).toBe(-9);
		expect(pilot.getRunningProcess('sibling')?.status).toBe('running');
		expect(pilot.getSnapshot().messages.some(message => /did not stop within 0.5s/.test(message.text))).toBe(true);
	});

	it('leaves no grandchild behind after stop and after restart', async () => {
		const pilot = makePilot([nodeProcess('forker', 'forker.js')]);
		await pilot.start();
		await waitUntil(() => grandchildOf(pilot, 'forker') > 0, 10_000, 'grandchild pid');
		const first = grandchildOf(pilot, 'forker');
		await pilot.restartProcesses('forker');
		await waitUntil(() => !isAlive(first), 5000, 'first grandchild gone');
		await waitUntil(() => pilot.getLogs('forker').filter(line => line.text.startsWith('grandchild ')).length === 2, 10_000, 'second grandchild');
		const second = Number(pilot.getLogs('forker').at(-1)!.text.split(' ')[1]);
		expect(isAlive(second)).toBe(true);
		await pilot.stop();
		expect(isAlive(second)).toBe(false);
	});

	it('ends what a child that exited on its own left in its group, while the restart goes on', async () => {
		const pilot = makePilot([nodeProcess('leaver', 'fork-then-exit.js', {args: ['300'], min_uptime_sec: 0, restart_delay_sec: 0})]);
		const grandchildren = () => pilot.getLogs('leaver').filter(line => line.text.startsWith('grandchild ')).map(line => Number(line.text.split(' ')[1]));
		await pilot.start();
		await waitUntil(() => grandchildren().length >= 2, 10_000, 'a restarted run');
		const [first] = grandchildren();
		await waitUntil(() => !isAlive(first!), 5000, 'the first run\'s grandchild gone');
		await pilot.stop();
		expect(grandchildren().every(pid => !isAlive(pid))).toBe(true);
	});

	it('never signals an unrelated process with the same executable name', async () => {
		const unrelated = spawn(process.execPath, [path.join(engineFixtures, 'sleeper.js')], {stdio: 'ignore'});
		try {
			const pilot = makePilot([nodeProcess('crasher', 'crash.js', {args: ['1', '50'], shutdown_strategy: 'do_not_restart'})]);
			await pilot.start();
			await waitUntil(() => pilot.getSnapshot().processes[0]!.state === 'failed', 10_000, 'crasher failed (exit 1 is not a success code)');
			await pilot.stop();
			expect(isAlive(unrelated.pid!)).toBe(true);
		} finally {
			unrelated.kill('SIGKILL');
		}
	});

	it('bounds the whole stop by kill_timeout', async () => {
		const pilot = makePilot([nodeProcess('stubborn', 'ignore-term.js', {timeout: 60})], {}, {kill_timeout: 0.5});
		await pilot.start();
		await waitUntil(() => pilot.getLogs('stubborn').length > 0, 10_000, 'stubborn ready');
		const pid = pilot.getRunningProcess('stubborn')!.pid!;
		await pilot.stop();
		expect(isAlive(pid)).toBe(false);
		expect(pilot.getSnapshot().messages.some(message => message.text.includes('kill_timeout'))).toBe(true);
	});

	it('stops in reverse dependency order', async () => {
		const pilot = makePilot([nodeProcess('db', 'sleeper.js'), nodeProcess('web', 'sleeper.js', {dependencies: ['db']})]);
		await pilot.start();
		const exits: string[] = [];
		pilot.on('process-exited', ({name}: {name: string}) => exits.push(name));
		await pilot.stop();
		expect(exits).toEqual(['web', 'db']);
	});

	it('does not restart a process the user stopped, and starts it again on request', async () => {
		const pilot = makePilot([nodeProcess('web', 'sleeper.js')]);
		await pilot.start();
		await pilot.stopProcess('web');
		// Whether to restart is decided before stopProcess() resolves: no retry is planned.
		expect(pilot.getSnapshot().processes[0]).toMatchObject({state: 'stopped', nextRetryAt: null, retryDelayMs: null});
		expect(pilot.getRunningProcess()).toEqual([]);
		await pilot.startProcess('web');
		await waitUntil(() => pilot.getSnapshot().processes[0]!.state === 'running', 10_000, 'running');
		expect(pilot.getRunningProcess('web')!.pid).toBeGreaterThan(0);
	});
});
