import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makePilot, nodeProcess, stopAllPilots, temporaryDirectory, waitUntil} from './helpers/engine.js';

afterEach(stopAllPilots);

describe('dependency-aware start', () => {
	it('starts a dependent only after its dependency signalled ready', async () => {
		const folder = temporaryDirectory();
		const readyFile = path.join(folder, 'db.ready');
		const pilot = makePilot([
			nodeProcess('web', 'sleeper.js', {dependencies: ['db']}),
			nodeProcess('db', 'delayed-file.js', {args: [readyFile, '600'], ready_strategy: 'file', ready_params: {path: readyFile}}),
		]);
		const started: Record<string, number> = {};
		pilot.on('process-started', ({name}: {name: string}) => {
			started[name] = Date.now();
		});
		await pilot.start();
		const readyAt = fs.statSync(readyFile).mtimeMs;
		expect(started['web']).toBeGreaterThanOrEqual(Math.floor(readyAt));
		expect(started['web']! - started['db']!).toBeGreaterThanOrEqual(500);
		expect(pilot.getRunningProcess().map(status => status.status)).toEqual(['running', 'running']);
	});

	it('starts independent processes together, so two 1 s ready waits overlap', async () => {
		const folder = temporaryDirectory();
		const files = ['a', 'b'].map(name => path.join(folder, `${name}.ready`));
		const pilot = makePilot(files.map((file, index) => nodeProcess(`p${index}`, 'delayed-file.js', {args: [file, '1000'], ready_strategy: 'file', ready_params: {path: file}})));
		const starts: number[] = [];
		pilot.on('process-started', () => starts.push(Date.now()));
		await pilot.start();
		// Both were spawned before either became ready (a sequential start would space them by 1 s).
		expect(Math.abs(starts[0]! - starts[1]!)).toBeLessThan(900);
		expect(pilot.getSnapshot().processes.every(row => row.ready)).toBe(true);
	});

	it('fails a process whose ready check times out and holds its dependents, keeping the rest running', async () => {
		const folder = temporaryDirectory();
		const pilot = makePilot([
			nodeProcess('db', 'sleeper.js', {ready_strategy: 'file', ready_params: {path: path.join(folder, 'never')}, ready_timeout_sec: 0.5}),
			nodeProcess('web', 'sleeper.js', {dependencies: ['db']}),
			nodeProcess('other', 'sleeper.js'),
		]);
		await pilot.start();
		const rows = Object.fromEntries(pilot.getSnapshot().processes.map(row => [row.name, row]));
		expect(rows['db']!.state).toBe('failed');
		expect(rows['db']!.reason).toMatch(/failed to signal ready/);
		expect(rows['web']!.state).toBe('stopped');
		expect(rows['web']!.reason).toMatch(/db/);
		expect(rows['other']!.state).toBe('running');
		expect(pilot.getRunningProcess().map(status => status.name)).toEqual(['other']);
	});

	it('rejects a ready strategy no plugin provides, naming the process', async () => {
		const pilot = makePilot([nodeProcess('web', 'sleeper.js', {ready_strategy: 'carrier-pigeon'})]);
		await expect(pilot.start()).rejects.toThrow(/carrier-pigeon.*'web'/);
		expect(pilot.isRunning()).toBe(false);
	});

	it('refuses a second start while running and an unknown control server', async () => {
		const pilot = makePilot([nodeProcess('web', 'sleeper.js')]);
		await pilot.start();
		await expect(pilot.start()).rejects.toThrow('ProcessPilot is already running');
		const other = makePilot([nodeProcess('web', 'sleeper.js')], {}, {control_server: 'invalid'});
		await expect(other.start()).rejects.toThrow("Control server 'invalid' not found");
	});

	it('passes the manifest env over the inherited one, and can start again after stop', async () => {
		process.env['PILOT_TEST_INHERITED'] = 'inherited';
		const pilot = makePilot([nodeProcess('env', 'env-echo.js', {args: ['PILOT_TEST_VAR', 'PILOT_TEST_INHERITED'], env: {PILOT_TEST_VAR: 'override'}})]);
		await pilot.start();
		const firstPid = pilot.getRunningProcess('env')!.pid;
		await pilot.stop();
		expect(pilot.isRunning()).toBe(false);
		expect(pilot.getRunningProcess()).toEqual([]);
		await pilot.start();
		expect(pilot.getRunningProcess('env')!.pid).not.toBe(firstPid);
		await waitUntil(() => pilot.getLogs('env').length >= 2, 10_000, 'the env lines');
		const lines = pilot.getLogs('env').map(line => line.text);
		expect(lines).toContain('PILOT_TEST_VAR=override');
		expect(lines).toContain('PILOT_TEST_INHERITED=inherited');
	});
});
