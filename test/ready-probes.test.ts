import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makePilot, nodeProcess, stopAllPilots, temporaryDirectory} from './helpers/engine.js';
import {freePort} from './helpers/free-port.js';
import type {ProcessPilot} from '../source/pilot/pilot.js';

afterEach(async () => {
	await stopAllPilots();
});

/** Start the pilot and return when each process became ready and started, by name. */
async function startAndRecord(pilot: ProcessPilot): Promise<{ready: Map<string, number>; started: Map<string, number>}> {
	const ready = new Map<string, number>();
	const started = new Map<string, number>();
	pilot.on('process-ready', ({name}: {name: string}) => ready.set(name, performance.now()));
	pilot.on('process-started', ({name}: {name: string}) => started.set(name, performance.now()));
	await pilot.start();
	return {ready, started};
}

describe('http, exec and log readiness gate a dependent', () => {
	it('http: ready once the url answers 2xx; the dependent starts after that', async () => {
		const port = await freePort();
		const url = `http://127.0.0.1:${port}/health`;
		const pilot = makePilot([
			nodeProcess('api', 'health-server.js', {args: [String(port)], ready_strategy: 'http', ready_params: {url}, ready_timeout_sec: 10}),
			nodeProcess('app', 'sleeper.js', {dependencies: ['api']}),
		]);
		const {ready, started} = await startAndRecord(pilot);
		const response = await fetch(url);
		expect(response.status).toBe(200);
		expect(started.get('app')!).toBeGreaterThanOrEqual(ready.get('api')!);
		expect(pilot.getSnapshot().processes.map(row => [row.name, row.state, row.ready])).toEqual([['api', 'running', true], ['app', 'running', true]]);
	});

	it('http: expect_status narrows what counts; an answer outside it times out the process and holds the dependent', async () => {
		const port = await freePort();
		const pilot = makePilot([
			nodeProcess('api', 'health-server.js', {args: [String(port)], ready_strategy: 'http', ready_params: {url: `http://127.0.0.1:${port}/nope`, expect_status: 200}, ready_timeout_sec: 0.8}),
			nodeProcess('app', 'sleeper.js', {dependencies: ['api']}),
		]);
		await pilot.start();
		const [api, app] = pilot.getSnapshot().processes;
		expect(api).toMatchObject({state: 'failed', reason: "Process 'api' failed to signal ready within 0.8s"});
		expect(app!.state).toBe('stopped');
		expect(app!.pid).toBeNull();
	});

	it('exec: ready once the command exits 0 (retried every interval_sec); the dependent starts after that', async () => {
		const folder = temporaryDirectory();
		const file = path.join(folder, 'up');
		const pilot = makePilot([
			nodeProcess('db', 'delayed-file.js', {args: [file, '300'], ready_strategy: 'exec', ready_params: {command: ['test', '-f', file], interval_sec: 0.05}}),
			nodeProcess('app', 'sleeper.js', {dependencies: ['db']}),
		]);
		const {ready, started} = await startAndRecord(pilot);
		expect(fs.existsSync(file)).toBe(true);
		expect(started.get('app')!).toBeGreaterThanOrEqual(ready.get('db')!);
		expect(ready.get('db')! - started.get('db')!).toBeGreaterThan(200);
	});

	it('log: ready when a line of the chosen stream matches the pattern; the dependent starts after that', async () => {
		const pilot = makePilot([
			nodeProcess('queue', 'say-later.js', {args: ['200', 'accepting connections on 5672', 'stderr'], ready_strategy: 'log', ready_params: {pattern: 'accepting connections on \\d+', stream: 'stderr'}}),
			nodeProcess('app', 'sleeper.js', {dependencies: ['queue']}),
		]);
		let lineAt = 0;
		pilot.on('log', ({process, text}: {process: string; text: string}) => {
			if (process === 'queue' && text.startsWith('accepting')) {
				lineAt = performance.now();
			}
		});
		const {ready, started} = await startAndRecord(pilot);
		expect(lineAt).toBeGreaterThan(0);
		expect(ready.get('queue')!).toBeGreaterThanOrEqual(lineAt);
		expect(started.get('app')!).toBeGreaterThanOrEqual(ready.get('queue')!);
	});

	it('log: a match on the other stream does not count', async () => {
		const pilot = makePilot([
			nodeProcess('queue', 'say-later.js', {args: ['50', 'ready', 'stdout'], ready_strategy: 'log', ready_params: {pattern: '^ready$', stream: 'stderr'}, ready_timeout_sec: 0.6}),
		]);
		await pilot.start();
		expect(pilot.getSnapshot().processes[0]!.state).toBe('failed');
	});
});
