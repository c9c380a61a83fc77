import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {ManifestError, ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {ProcessPilot} from '../source/pilot/pilot.js';
import {engineFixtures, temporaryDirectory, waitUntil} from './helpers/engine.js';
import {isAlive} from './helpers/proc.js';
import {HttpControlServer} from '../source/pilot/plugins/control/http/http-control.js';
import {RemotePilot} from '../source/remote/remote-pilot.js';
import {watchManifest} from '../source/pilot/engine/watch-manifest.js';

const pilots: ProcessPilot[] = [];
const folders: string[] = [];

afterEach(async () => {
	await Promise.all(pilots.splice(0).map(async pilot => pilot.stop()));
	for (const folder of folders.splice(0)) {
		fs.rmSync(folder, {recursive: true, force: true});
	}
});

const script = (name: string) => path.join(engineFixtures, name);

function entry(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {name, path: process.execPath, args: [script('sleeper.js')], ...extra};
}

/** A pilot over a manifest file that the test rewrites. */
async function startPilot(processes: unknown[], top: Record<string, unknown> = {}): Promise<{pilot: ProcessPilot; file: string; write: (processes: unknown[], top?: Record<string, unknown>) => void}> {
	const folder = temporaryDirectory();
	folders.push(folder);
	const file = path.join(folder, 'pilot.yml');
	const write = (list: unknown[], more: Record<string, unknown> = top) => {
		fs.writeFileSync(file, stringify({...more, processes: list}));
	};

	write(processes);
	const pilot = new ProcessPilot(ProcessManifest.fromFile(file), {sampleStats: false});
	pilots.push(pilot);
	await pilot.start();
	return {pilot, file, write};
}

const row = (pilot: ProcessPilot, name: string) => pilot.getSnapshot().processes.find(view => view.name === name);

describe('reload', () => {
	it('starts the added one, stops the removed one (its group too), restarts the changed one, leaves the other alone', async () => {
		const {pilot, write} = await startPilot([entry('db'), entry('web', {dependencies: ['db']}), entry('old', {path: process.execPath, args: [script('forker.js')]})]);
		await waitUntil(() => pilot.getLogs('old').some(line => line.text.startsWith('grandchild')), 10_000, 'the grandchild');
		const grandchild = Number(pilot.getLogs('old').find(line => line.text.startsWith('grandchild'))!.text.split(' ')[1]);
		const before = {db: row(pilot, 'db')!, web: row(pilot, 'web')!, old: row(pilot, 'old')!};
		write([entry('db'), entry('web', {dependencies: ['db'], env: {MODE: 'new'}}), entry('api', {dependencies: ['web']})]);

		const result = await pilot.reload();
		expect(result.lines).toEqual(['+ api', '- old', '~ web (env)']);
		expect(row(pilot, 'old')).toBeUndefined();
		expect(isAlive(before.old.pid!)).toBe(false);
		await waitUntil(() => !isAlive(grandchild), 5000, 'the removed process group to be gone');
		expect(row(pilot, 'api')).toMatchObject({state: 'running', ready: true});
		expect(row(pilot, 'web')!.pid).not.toBe(before.web.pid);
		expect(row(pilot, 'web')!.state).toBe('running');
		expect(row(pilot, 'db')).toMatchObject({pid: before.db.pid, startedAt: before.db.startedAt, restarts: 0});
		expect(pilot.getProcessByName('web')!.env).toMatchObject({MODE: 'new'});
		expect(pilot.getSnapshot().processes.map(view => view.name)).toEqual(['db', 'web', 'api']);
	}, 30_000);

	it('restarts a process whose env file changed, and nothing else', async () => {
		const folder = temporaryDirectory();
		folders.push(folder);
		const envFile = path.join(folder, 'web.env');
		fs.writeFileSync(envFile, 'COLOR=blue\n');
		const {pilot} = await startPilot([entry('web', {env_file: envFile}), entry('db')]);
		const before = {web: row(pilot, 'web')!.pid, db: row(pilot, 'db')!.pid};
		expect((await pilot.reload({dryRun: true})).lines).toEqual(['no changes']);
		fs.writeFileSync(envFile, 'COLOR=red\n');
		const dry = await pilot.reload({dryRun: true});
		expect(dry).toMatchObject({isApplied: false, lines: ['~ web (env)']});
		expect(row(pilot, 'web')!.pid).toBe(before.web);
		await pilot.reload();
		expect(row(pilot, 'web')!.pid).not.toBe(before.web);
		expect(row(pilot, 'db')!.pid).toBe(before.db);
	}, 30_000);

	it.each([
		['a cycle', [entry('a', {dependencies: ['b']}), entry('b', {dependencies: ['a']})], /pilot\.yml:\d+:\d+ processes\[0\]\.dependencies\[0\] \(a\): Circular dependency/],
		['a typo', [entry('a', {timout: 3, path: 'no-such-program-here'})], /pilot\.yml:\d+:\d+ processes\[0\]\.path \(a\): Executable not found: no-such-program-here/],
	])('changes nothing and reports the located error for %s', async (_what, processes, message) => {
		const {pilot, write} = await startPilot([entry('a'), entry('b')]);
		const pids = pilot.getSnapshot().processes.map(view => view.pid);
		write(processes);
		const error = await pilot.reload().catch((error: unknown) => error);
		expect(error).toBeInstanceOf(ManifestError);
		expect((error as Error).message).toMatch(message);
		expect(pilot.getSnapshot().processes.map(view => view.pid)).toEqual(pids);
		expect(pilot.getSnapshot().messages.at(-1)).toMatchObject({level: 'error', text: expect.stringMatching(/^Reload failed, nothing changed: .*pilot\.yml:\d+:\d+/)});
	}, 30_000);

	it('a new ready strategy applies at the restart: the changed process is ready only when it says so', async () => {
		const {pilot, write} = await startPilot([entry('a'), entry('b', {dependencies: ['a']})]);
		const pidOfB = row(pilot, 'b')!.pid;
		write([{name: 'a', path: process.execPath, args: [script('say-later.js'), '300', 'now ready'], ready_strategy: 'log', ready_params: {pattern: 'now ready'}}, entry('b', {dependencies: ['a']})]);
		const result = await pilot.reload();
		expect(result.lines).toEqual(['~ a (args, ready_strategy, ready_params)']);
		expect(row(pilot, 'a')).toMatchObject({state: 'running', ready: true});
		expect(pilot.getLogs('a').map(line => line.text)).toContain('now ready');
		expect(row(pilot, 'b')!.pid).toBe(pidOfB);
	}, 30_000);

	it('applies kill_timeout and says which top-level changes wait for a restart of the pilot', async () => {
		const {pilot, write} = await startPilot([entry('a')]);
		write([entry('a')], {kill_timeout: 9, log_dir: 'logs'});
		const result = await pilot.reload();
		expect(result.lines).toEqual(['* kill_timeout: applies to the next stop', '! logging: not applied: log files (log_dir, log_file, log_format, rotation) change when the pilot restarts']);
		expect(pilot.manifest.kill_timeout).toBe(9);
	}, 30_000);

	it('gives a process it adds a log file in the log_dir', async () => {
		const {pilot, file, write} = await startPilot([entry('a')], {log_dir: 'logs'});
		write([entry('a'), entry('b', {args: ['-e', 'console.log("hello from b"); setInterval(() => {}, 1000)']})], {log_dir: 'logs'});
		await pilot.reload();
		const log = path.join(path.dirname(file), 'logs', 'b.log');
		await waitUntil(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('hello from b'), 10_000, 'b.log');
	}, 30_000);
});

describe('reload from elsewhere', () => {
	it('an attached view reloads and scales over the control socket; an invalid manifest rejects with the located problems', async () => {
		const {pilot, file, write} = await startPilot([entry('a'), entry('web', {replicas: 1})]);
		const server = new HttpControlServer(pilot, {socketPath: path.join(path.dirname(file), 'pilot.sock')});
		await server.start();
		try {
			const remote = new RemotePilot({kind: 'unix', socketPath: server.socketPath});
			write([entry('a'), entry('web', {replicas: 1}), entry('b')]);
			expect(await remote.reload({dryRun: true})).toMatchObject({isApplied: false, lines: ['+ b']});
			expect(row(pilot, 'b')).toBeUndefined();
			expect(await remote.scale('web', 2)).toMatchObject({isApplied: true, lines: ['+ web-2']});
			expect(row(pilot, 'web-2')).toMatchObject({state: 'running'});
			write([entry('a', {dependencies: ['nope']})]);
			await expect(remote.reload()).rejects.toThrow(/pilot\.yml:\d+:\d+ processes\[0\]\.dependencies\[0\] \(a\): Dependency 'nope' for process 'a' not found\./);
			expect(row(pilot, 'web-2')).toMatchObject({state: 'running'});
		} finally {
			await server.stop();
		}
	}, 30_000);

	it('watching: saving an env file a process reads restarts that process', async () => {
		const folder = temporaryDirectory();
		folders.push(folder);
		const envFile = path.join(folder, 'web.env');
		fs.writeFileSync(envFile, 'COLOR=blue\n');
		const {pilot} = await startPilot([entry('web', {env_file: envFile}), entry('db')]);
		const before = {web: row(pilot, 'web')!.pid, db: row(pilot, 'db')!.pid};
		const watcher = watchManifest(pilot, {debounceMs: 100, report() {}});
		try {
			fs.writeFileSync(`${envFile}.tmp`, 'COLOR=red\n');
			fs.renameSync(`${envFile}.tmp`, envFile);
			await waitUntil(() => pilot.getProcessByName('web')!.env['COLOR'] === 'red' && row(pilot, 'web')!.state === 'running', 10_000, 'web to restart with the new env file');
			expect(row(pilot, 'web')!.pid).not.toBe(before.web);
			expect(row(pilot, 'db')!.pid).toBe(before.db);
		} finally {
			watcher.close();
		}
	}, 30_000);
});

describe('replicas', () => {
	it('runs three ready copies on ports from ${PILOT_REPLICA}; scale adds and stops copies, the others keep their pids', async () => {
		const base = 3000 + (process.pid % 3000);
		const server = path.join(import.meta.dirname, 'fixtures/ready-tcp-server.mjs');
		const {pilot} = await startPilot([
			{name: 'web', path: process.execPath, args: [server, `${base}\${PILOT_REPLICA}`], replicas: 3, ready_strategy: 'tcp', ready_params: {port: `${base}\${PILOT_REPLICA}`}},
			entry('lb', {dependencies: ['web']}),
		]);
		const names = () => pilot.getSnapshot().processes.map(view => view.name);
		expect(names()).toEqual(['web-1', 'web-2', 'web-3', 'lb']);
		expect(pilot.getSnapshot().processes.every(view => view.state === 'running' && view.ready)).toBe(true);
		expect(pilot.getProcessByName('web-2')!.env['PILOT_REPLICA']).toBe('2');
		expect(pilot.getProcessByName('lb')!.dependencies).toEqual(['web-1', 'web-2', 'web-3']);
		const pids = Object.fromEntries(pilot.getSnapshot().processes.map(view => [view.name, view.pid]));

		expect((await pilot.scale('web', 5)).lines).toEqual(['+ web-4', '+ web-5']);
		expect(row(pilot, 'web-5')).toMatchObject({state: 'running', ready: true});
		expect(pilot.getProcessByName('web-5')!.ready_params['port']).toBe(Number(`${base}5`));
		for (const name of ['web-1', 'web-2', 'web-3', 'lb']) {
			expect(row(pilot, name)!.pid).toBe(pids[name]);
		}

		const down = await pilot.scale('web', 2);
		expect(down.lines).toEqual(['- web-5', '- web-4', '- web-3']);
		expect(names()).toEqual(['web-1', 'web-2', 'lb']);
		expect(isAlive(pids['web-3']!)).toBe(false);
		expect([row(pilot, 'web-1')!.pid, row(pilot, 'web-2')!.pid, row(pilot, 'lb')!.pid]).toEqual([pids['web-1'], pids['web-2'], pids['lb']]);
		expect(pilot.getProcessByName('lb')!.dependencies).toEqual(['web-1', 'web-2']);
		// A reload keeps the scale while the manifest's own count is unchanged.
		expect((await pilot.reload({dryRun: true})).lines).toEqual(['no changes']);
	}, 40_000);

	it('refuses to scale what is not a replica group', async () => {
		const {pilot} = await startPilot([entry('a')]);
		await expect(pilot.scale('a', 2)).rejects.toThrow("'a' is not a replica group");
	}, 20_000);
});
