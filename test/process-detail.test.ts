import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {HttpControlServer} from '../source/pilot/plugins/control/http/http-control.js';
import {RemotePilot} from '../source/remote/remote-pilot.js';
import {makePilot, nodeProcess, stopAllPilots, temporaryDirectory, waitUntil} from './helpers/engine.js';
import {freePort} from './helpers/free-port.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) {
		await cleanup();
	}

	await stopAllPilots();
});

describe('the exit history', () => {
	it('keeps the last 10 exits of a crash loop, newest first, with code and run length', async () => {
		const pilot = makePilot([nodeProcess('crasher', 'crash.js', {args: ['3', '30'], restart_delay_sec: 0, max_restarts: 11, min_uptime_sec: 60})]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.state === 'failed', 20_000, 'the crash loop to give up');
		const detail = await pilot.getProcessDetail('crasher');
		expect(detail.exits).toHaveLength(10);
		for (const record of detail.exits) {
			expect(record.exit).toEqual({code: 3});
			expect(record.wasStopped).toBe(false);
			expect(record.endedAt - record.startedAt).toBeGreaterThanOrEqual(20);
		}

		const ends = detail.exits.map(record => record.endedAt);
		expect(ends).toEqual([...ends].sort((a, b) => b - a));
		expect(new Set(detail.exits.map(record => record.pid)).size).toBe(10);
	});

	it('tells an exit the pilot asked for (a restart) from one of its own', async () => {
		const pilot = makePilot([nodeProcess('sleeper', 'sleeper.js')]);
		await pilot.start();
		const firstPid = pilot.getSnapshot().processes[0]!.pid;
		await pilot.restartProcesses('sleeper');
		const detail = await pilot.getProcessDetail('sleeper');
		expect(detail.exits).toHaveLength(1);
		// SIGTERM, or code 0 once the fixture's handler is installed: either way, the pilot asked.
		expect(detail.exits[0]).toMatchObject({pid: firstPid, wasStopped: true});
		expect(detail.pid).not.toBe(firstPid);
	});
});

describe('the process detail', () => {
	it('shows the command as spawned, the folder, the environment with secrets masked and the group\'s members', async () => {
		const pilot = makePilot([
			nodeProcess('base', 'sleeper.js'),
			nodeProcess('forker', 'forker.js', {dependencies: ['base'], env: {PORT: '8080', API_TOKEN: 'hunter2', DB_PASSWORD: ''}}),
		]);
		await pilot.start();
		const forker = await pilot.getProcessDetail('forker');
		expect(forker.command[0]).toBe(process.execPath);
		expect(forker.command[1]).toMatch(/forker\.js$/);
		expect(forker.workingDirectory).toBeTruthy();
		expect(forker.env).toEqual([
			{name: 'PORT', value: '8080', isMasked: false, source: 'env'},
			{name: 'API_TOKEN', value: '********', isMasked: true, source: 'env'},
			{name: 'DB_PASSWORD', value: '', isMasked: false, source: 'env'},
		]);
		expect(forker.dependencies).toEqual([{name: 'base', state: 'running', ready: true}]);
		expect(forker.readiness.state).toBe('none');
		expect(forker.restart).toMatchObject({strategy: 'restart', restarts: 0, nextRetryAt: null});
		let members = forker.members ?? [];
		// Read again until the grandchild shows (the leader spawns it once it runs).
		for (let tries = 0; tries < 100 && !members.some(member => member.command === 'sleep 300'); tries++) {
			await new Promise(resolve => setTimeout(resolve, 50));
			members = (await pilot.getProcessDetail('forker')).members ?? [];
		}

		expect(members.map(member => member.pid)).toContain(forker.pid);
		const grandchild = members.find(member => member.command === 'sleep 300')!;
		expect(grandchild.ppid).toBe(forker.pid);
		expect(members.find(member => member.pid === forker.pid)!.memoryMb).toBeGreaterThan(1);
		const base = await pilot.getProcessDetail('base');
		expect(base.dependents).toEqual([{name: 'forker', state: 'running', ready: true}]);
	});

	it('hides a secret wherever it reached through ${VAR}: command line, ready params, group members', async () => {
		const pilot = makePilot([nodeProcess('sleeper', 'sleeper.js', {
			args: ['--token=s3cr3t-value'],
			env: {API_TOKEN: 's3cr3t-value'},
			ready_strategy: 'file',
			ready_params: {path: '/tmp/s3cr3t-value.ready'},
			ready_timeout_sec: 30,
		})]);
		void pilot.start().catch(() => undefined);
		await waitUntil(() => pilot.getSnapshot().processes[0]!.pid !== null, 10_000, 'the spawn');
		let detail = await pilot.getProcessDetail('sleeper');
		for (let tries = 0; tries < 100 && !detail.members?.some(member => member.pid === detail.pid && member.command.includes('sleeper.js')); tries++) {
			await new Promise(resolve => setTimeout(resolve, 50));
			detail = await pilot.getProcessDetail('sleeper');
		}

		expect(detail.readiness.state).toBe('waiting');
		expect(detail.command.at(-1)).toBe('--token=********');
		expect(detail.members!.find(member => member.pid === detail.pid)!.command).toMatch(/sleeper\.js --token=\*{8}$/);
		expect(detail.readiness.params).toEqual({path: '/tmp/********.ready'});
		expect(JSON.stringify(detail)).not.toContain('s3cr3t');
	});

	it('shows the health check, its state and its last changes', async () => {
		const folder = temporaryDirectory();
		cleanups.push(() => fs.rmSync(folder, {recursive: true, force: true}));
		const port = await freePort();
		const sickFile = path.join(folder, 'sick');
		const url = `http://127.0.0.1:${port}/health`;
		const pilot = makePilot([nodeProcess('web', 'health-server.js', {
			args: [String(port), sickFile],
			ready_strategy: 'http',
			ready_params: {url},
			ready_timeout_sec: 10,
			health_check: {strategy: 'http', params: {url}, interval_sec: 0.05, timeout_sec: 1, retries: 2, on_unhealthy: 'none'},
		})]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'healthy', 10_000, 'healthy');
		fs.writeFileSync(sickFile, '');
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'unhealthy', 10_000, 'unhealthy');
		const {health, readiness} = await pilot.getProcessDetail('web');
		expect(readiness).toMatchObject({strategy: 'http', state: 'passed'});
		expect(health?.check).toBe('http (every 0.05s, timeout 1s, 2 retries, on unhealthy: none)');
		expect(health?.state).toBe('unhealthy: http 503');
		expect(health?.results[0]).toMatch(/^\d\d:\d\d:\d\d {2}unhealthy: http 503$/);
		expect(health?.results[1]).toMatch(/^\d\d:\d\d:\d\d {2}healthy$/);
	});

	it('is served to an attached client through the http control API', async () => {
		const pilot = makePilot([nodeProcess('sleeper', 'sleeper.js', {env: {SECRET_KEY: 'x'}})]);
		await pilot.start();
		await pilot.restartProcesses('sleeper');
		const directory = temporaryDirectory();
		const server = new HttpControlServer(pilot, {socketPath: path.join(directory, 'pilot.sock')});
		await server.start();
		cleanups.push(() => fs.rmSync(directory, {recursive: true, force: true}), async () => server.stop());
		const remote = new RemotePilot({kind: 'unix', socketPath: server.socketPath});
		const detail = await remote.getProcessDetail('sleeper');
		const {members, ...local} = JSON.parse(JSON.stringify(await pilot.getProcessDetail('sleeper'))) as typeof detail;
		expect({...detail, members: null}).toEqual({...local, members: null});
		expect(detail.members!.map(member => member.pid)).toEqual(members!.map(member => member.pid));
		expect(detail.env).toEqual([{name: 'SECRET_KEY', value: '********', isMasked: true, source: 'env'}]);
		expect(detail.exits).toHaveLength(1);
		const error = await remote.getProcessDetail('nope').catch((error: unknown) => error);
		expect(error).toMatchObject({message: 'Process \'nope\' not found'});
	});
});
