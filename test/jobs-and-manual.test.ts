import {afterEach, describe, expect, it} from 'vitest';
import {makePilot, nodeProcess, stopAllPilots, waitUntil} from './helpers/engine.js';
import {manualReason} from '../source/pilot/engine/start-in-order.js';

afterEach(async () => {
	await stopAllPilots();
});

const job = (name: string, code: number, extra: Record<string, unknown> = {}) => nodeProcess(name, 'crash.js', {args: [String(code), '200'], shutdown_strategy: 'do_not_restart', ...extra});

describe('jobs: success_exit_codes, completed and condition: completed', () => {
	it('a migrate job with condition: completed runs to completion before app starts', async () => {
		const pilot = makePilot([
			job('migrate', 0),
			nodeProcess('app', 'sleeper.js', {dependencies: [{name: 'migrate', condition: 'completed'}]}),
		]);
		const order: string[] = [];
		pilot.on('process-exited', ({name}: {name: string}) => order.push(`${name} exited`));
		pilot.on('process-started', ({name}: {name: string}) => order.push(`${name} started`));
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[1]!.state === 'running', 10_000, 'app running');
		expect(order.slice(0, 3)).toEqual(['migrate started', 'migrate exited', 'app started']);
		expect(pilot.getSnapshot().processes[0]).toMatchObject({state: 'completed', reason: 'exited with code 0', returnCode: 0});
	});

	it('a failing migrate leaves app stopped with the reason', async () => {
		const pilot = makePilot([
			job('migrate', 3),
			nodeProcess('app', 'sleeper.js', {dependencies: [{name: 'migrate', condition: 'completed'}]}),
		]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[1]!.reason?.startsWith('not started') ?? false, 10_000, 'app held');
		const [migrate, app] = pilot.getSnapshot().processes;
		expect(migrate).toMatchObject({state: 'failed', reason: 'exited with code 3'});
		expect(app).toMatchObject({state: 'stopped', pid: null, reason: "not started: dependency 'migrate' failed (exited with code 3)"});
	});

	it('success_exit_codes decides completed versus failed', async () => {
		const pilot = makePilot([job('a', 3, {success_exit_codes: [0, 3]}), job('b', 0, {success_exit_codes: [3]})]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes.every(row => row.state === 'completed' || row.state === 'failed'), 10_000, 'both done');
		expect(pilot.getSnapshot().processes.map(row => [row.name, row.state])).toEqual([['a', 'completed'], ['b', 'failed']]);
	});
});

describe('autostart: false', () => {
	it('is not started, is shown as manual, and its dependent waits until someone starts it', async () => {
		const pilot = makePilot([
			nodeProcess('tool', 'sleeper.js', {autostart: false}),
			nodeProcess('user', 'sleeper.js', {dependencies: ['tool']}),
		]);
		await pilot.start();
		const [tool, user] = pilot.getSnapshot().processes;
		expect(tool).toMatchObject({state: 'stopped', pid: null, reason: manualReason});
		expect(user).toMatchObject({state: 'stopped', pid: null, reason: "waiting for 'tool' to be ready"});
		await pilot.startProcess('tool');
		await waitUntil(() => pilot.getSnapshot().processes[1]!.state === 'running', 10_000, 'the dependent to start');
		expect(pilot.getSnapshot().processes[0]!.state).toBe('running');
	});
});
