import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {HttpControlServer} from '../source/pilot/plugins/control/http/http-control.js';
import type {ProcessEntry, ProcessList} from '../source/pilot/plugins/control/http/http-protocol.js';
import {requestJson, type ControlTarget} from '../source/remote/client.js';
import {isAlive, makePilot, nodeProcess, stopAllPilots, temporaryDirectory, waitUntil} from './helpers/engine.js';
import {freePort} from './helpers/free-port.js';
import {Plugin} from '../source/pilot/plugins/plugin.js';
import type {HealthCheck} from '../source/pilot/model/health.js';

const servers: HttpControlServer[] = [];

afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.stop()));
	await stopAllPilots();
});

async function webServer(name: string, folder: string, healthCheck: Record<string, unknown>) {
	const port = await freePort();
	const sickFile = path.join(folder, 'sick');
	const url = `http://127.0.0.1:${port}/health`;
	const entry = nodeProcess(name, 'health-server.js', {
		args: [String(port), sickFile],
		ready_strategy: 'http',
		ready_params: {url},
		ready_timeout_sec: 10,
		restart_delay_sec: 0.3,
		health_check: {strategy: 'http', params: {url}, interval_sec: 0.05, timeout_sec: 1, ...healthCheck},
	});
	return {entry, sickFile, url};
}

describe('health checks (real processes)', () => {
	it('an http /health that starts failing makes the process unhealthy after `retries` failures, and it is restarted; the http API shows why', async () => {
		const folder = temporaryDirectory();
		const {entry, sickFile} = await webServer('web', folder, {retries: 3});
		const pilot = makePilot([entry]);
		const server = new HttpControlServer(pilot, {socketPath: path.join(folder, 'pilot.sock')});
		servers.push(server);
		await pilot.start();
		await server.start();
		const target: ControlTarget = {kind: 'unix', socketPath: server.socketPath};
		const web = async () => (await requestJson<ProcessList>(target, 'GET', '/processes')).processes.find(item => item.name === 'web')!;
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'healthy', 10_000, 'healthy');
		expect((await web()).health).toEqual({state: 'healthy'});
		const firstPid = pilot.getSnapshot().processes[0]!.pid;
		const messages: string[] = [];
		pilot.on('message', ({text}: {text: string}) => messages.push(text));

		fs.writeFileSync(sickFile, '');
		let seen: ProcessEntry | undefined;
		const deadline = Date.now() + 10_000;
		while (!seen && Date.now() < deadline) {
			const current = await web();
			if (current.status === 'backoff') {
				seen = current;
			}
		}

		expect(seen?.reason).toBe('unhealthy: http 503');
		expect(seen?.health).toEqual({state: 'unhealthy', reason: 'http 503'});
		expect(messages).toContain('web is unhealthy: http 503; restarting it');
		fs.rmSync(sickFile);
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'healthy', 10_000, 'healthy again');
		const after = await web();
		expect(after.restarts).toBe(1);
		expect(after.pid).not.toBe(firstPid);
		expect(isAlive(firstPid!)).toBe(false);
	});

	it('on_unhealthy: none marks the process unhealthy without restarting it', async () => {
		const folder = temporaryDirectory();
		const {entry, sickFile} = await webServer('web', folder, {retries: 2, on_unhealthy: 'none'});
		const pilot = makePilot([entry]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'healthy', 10_000, 'healthy');
		const {pid} = pilot.getSnapshot().processes[0]!;
		fs.writeFileSync(sickFile, '');
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'unhealthy', 10_000, 'unhealthy');
		const row = pilot.getSnapshot().processes[0]!;
		expect(row).toMatchObject({state: 'running', pid, restarts: 0, health: {state: 'unhealthy', reason: 'http 503'}});
		fs.rmSync(sickFile);
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'healthy', 10_000, 'healthy again');
		expect(pilot.getSnapshot().processes[0]!.pid).toBe(pid);
	});

	it('an exec check that hangs is killed at timeout_sec and counts as a failure', async () => {
		const folder = temporaryDirectory();
		const pidFile = path.join(folder, 'check.pid');
		const pilot = makePilot([nodeProcess('worker', 'sleeper.js', {
			// `$$$$` is `$$` after the manifest's own `$$` escape: the shell's pid, which exec hands to sleep.
			health_check: {strategy: 'exec', params: {command: `echo $$$$ > ${pidFile}; exec sleep 30`}, timeout_sec: 0.3, retries: 1, on_unhealthy: 'none'},
		})]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'unhealthy', 10_000, 'unhealthy');
		expect(pilot.getSnapshot().processes[0]!.health).toEqual({state: 'unhealthy', reason: expect.stringMatching(/timed out after 0\.3s/) as string});
		const checkPid = Number(fs.readFileSync(pidFile, 'utf8'));
		await waitUntil(() => !isAlive(checkPid), 5000, 'the hanging check to be killed');
	});

	it('a plugin adds a health check kind: it gets the params and the pid, and its reason is shown', async () => {
		const calls: Array<{pid: number; params: unknown}> = [];
		class FlakyCheck extends Plugin {
			override getHealthChecks(): Record<string, HealthCheck> {
				return {
					flaky: (_process, {pid, params}) => {
						calls.push({pid, params});
						return calls.length < 3 ? true : {ok: false, reason: `queue depth ${calls.length * 100}`};
					},
				};
			}
		}

		const pilot = makePilot([nodeProcess('worker', 'sleeper.js', {health_check: {strategy: 'flaky', params: {queue: 'jobs'}, interval_sec: 0.02, retries: 2, on_unhealthy: 'none'}})]);
		pilot.registerPlugins([new FlakyCheck()]);
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.health?.state === 'unhealthy', 10_000, 'unhealthy');
		expect(pilot.getSnapshot().processes[0]!.health).toEqual({state: 'unhealthy', reason: 'queue depth 400'});
		expect(calls[0]).toEqual({pid: pilot.getSnapshot().processes[0]!.pid, params: {queue: 'jobs'}});
	});

	it('a health check kind no plugin provides fails the start with the built-in kinds listed', async () => {
		const pilot = makePilot([nodeProcess('worker', 'sleeper.js', {health_check: {strategy: 'grpc'}})]);
		await expect(pilot.start()).rejects.toThrow("Health check 'grpc' of process 'worker' is not provided by any plugin (built in: http, tcp, exec)");
	});
});
