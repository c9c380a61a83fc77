import {execFileSync, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {ProcessEntry, ProcessList} from '../../source/pilot/plugins/control/http/http-protocol.js';
import {requestJson} from '../../source/remote/client.js';
import {buildCli} from '../helpers/build-cli.js';
import {descendantsOf, isAlive} from '../helpers/proc.js';

/**
Services nobody here wrote, from Debian (`.ci/run` installs redis-server and nginx-light): Redis,
a Node app that asks Redis on every request, nginx in front of the app (a dependency chain, TCP
readiness), and Postgres 15 when it is installed and we are root (it refuses to run as root, so
it runs as `postgres` through setpriv, which execs: the postmaster is the main process).
*/
const which = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], {encoding: 'utf8'}).stdout.trim();
const redisServer = which('redis-server');
const nginx = which('nginx') || (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : '');
const postgresBin = '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;
const hasPostgres = isRoot && fs.existsSync(`${postgresBin}/postgres`) && which('setpriv') !== '' && spawnSync('id', ['postgres']).status === 0;
const canRun = process.platform === 'linux' && redisServer !== '' && nginx !== '';
const appScript = path.join(import.meta.dirname, '../fixtures/real/app.mjs');

let cli: {cli: string; remove: () => void} | undefined;
let directory: string;
const pilots: ChildProcess[] = [];

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

async function get(port: number): Promise<{status: number; text: string}> {
	return new Promise((resolve, reject) => {
		http.get({host: '127.0.0.1', port, path: '/', agent: false}, response => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', chunk => {
				text += String(chunk);
			});
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, text});
			});
		}).on('error', reject);
	});
}

async function waitFor<T>(what: string | (() => string), probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let value: T | undefined;
		try {
			value = await probe();
		} catch {}

		if (value !== undefined && value !== false) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${typeof what === 'string' ? what : what()}`);
		}

		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

type Ports = {redis: number; app: number; nginx: number; postgres: number};

function nginxConfig(folder: string, ports: Ports): string {
	return `${isRoot ? 'user root;\n' : ''}worker_processes 2;
pid ${folder}/nginx.pid;
error_log stderr notice;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path ${folder}/client;
	proxy_temp_path ${folder}/proxy;
	fastcgi_temp_path ${folder}/fastcgi;
	uwsgi_temp_path ${folder}/uwsgi;
	scgi_temp_path ${folder}/scgi;
	server {
		listen 127.0.0.1:${ports.nginx};
		location / { proxy_pass http://127.0.0.1:${ports.app}; }
	}
}
`;
}

/** Writes the manifest; with Postgres, also its data folder (initdb, a few seconds). */
function writeManifest(folder: string, ports: Ports): string {
	fs.writeFileSync(path.join(folder, 'nginx.conf'), nginxConfig(folder, ports));
	const lines = [
		'processes:',
		'  - name: redis',
		`    path: ${redisServer}`,
		`    args: ["--port", "${ports.redis}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", "${folder}", "--daemonize", "no"]`,
		'    ready_strategy: tcp',
		`    ready_params: {port: ${ports.redis}, host: 127.0.0.1}`,
		'  - name: app',
		`    path: ${process.execPath}`,
		`    args: ["${appScript}", "${ports.app}", "${ports.redis}"]`,
		'    dependencies: [redis]',
		'    ready_strategy: tcp',
		`    ready_params: {port: ${ports.app}, host: 127.0.0.1}`,
		'  - name: nginx',
		`    path: ${nginx}`,
		`    args: ["-c", "${folder}/nginx.conf", "-g", "daemon off;"]`,
		'    dependencies: [app]',
		'    stop_signal: SIGQUIT',
		'    kill_mode: mixed',
		'    ready_strategy: tcp',
		`    ready_params: {port: ${ports.nginx}, host: 127.0.0.1}`,
	];
	if (hasPostgres) {
		const data = path.join(folder, 'pg');
		fs.mkdirSync(data, {mode: 0o700});
		const [uid, gid] = ['-u', '-g'].map(option => Number(execFileSync('id', [option, 'postgres'], {encoding: 'utf8'})));
		fs.chownSync(data, uid!, gid!);
		execFileSync('setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', `${postgresBin}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres'], {stdio: 'ignore', cwd: '/'});
		lines.push(
			'  - name: postgres',
			'    path: setpriv',
			`    args: ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", "${postgresBin}/postgres", "-D", "${data}", "-k", "${data}", "-p", "${ports.postgres}", "-c", "listen_addresses=127.0.0.1"]`,
			'    working_directory: /',
			'    stop_signal: SIGINT',
			'    kill_mode: mixed',
			'    timeout: 10',
			'    ready_strategy: tcp',
			`    ready_params: {port: ${ports.postgres}, host: 127.0.0.1}`,
			'    ready_timeout_sec: 20',
		);
	}

	const file = path.join(folder, 'pilot.yml');
	fs.writeFileSync(file, lines.join('\n') + '\n');
	return file;
}

type Run = {child: ChildProcess; socket: string; output: () => string; exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>; ports: Ports; folder: string};

async function status(run: Run): Promise<Record<string, ProcessEntry>> {
	const list = await requestJson<ProcessList>({kind: 'unix', socketPath: run.socket}, 'GET', '/processes');
	return Object.fromEntries(list.processes.map(entry => [entry.name, entry]));
}

async function startPilot(): Promise<Run> {
	// A folder every user can enter (Postgres runs as `postgres`); the pilot must not tighten it.
	const folder = fs.mkdtempSync(path.join(directory, 'run-'));
	fs.chmodSync(folder, 0o755);
	const ports = {redis: await freePort(), app: await freePort(), nginx: await freePort(), postgres: await freePort()};
	const manifest = writeManifest(folder, ports);
	const socket = path.join(folder, 'pilot.sock');
	const child = spawn(process.execPath, [cli!.cli, manifest, '--no-tui', '--control', 'http', '--socket', socket], {stdio: ['ignore', 'pipe', 'pipe']});
	pilots.push(child);
	let text = '';
	child.stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => {
		child.once('exit', (code, signal) => {
			resolve({code, signal});
		});
	});
	const run = {child, socket, output: () => text, exited, ports, folder};
	const names = hasPostgres ? ['redis', 'app', 'nginx', 'postgres'] : ['redis', 'app', 'nginx'];
	await waitFor(() => `every service ready:\n${text}`, async () => {
		const entries = await status(run);
		return names.every(name => entries[name]?.status === 'running' && entries[name].ready) || undefined;
	}, 60_000);
	expect(fs.statSync(folder).mode & 0o777).toBe(0o755);
	return run;
}

beforeAll(() => {
	if (canRun) {
		cli = buildCli('real');
	}

	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-real-'));
	fs.chmodSync(directory, 0o755);
}, 180_000);

afterEach(() => {
	for (const child of pilots.splice(0)) {
		child.kill('SIGKILL');
	}
});

afterAll(() => {
	cli?.remove();
	fs.rmSync(directory, {recursive: true, force: true});
});

describe.runIf(canRun)(`real services: Redis, a Node app, nginx${hasPostgres ? ', Postgres' : ''}`, () => {
	it('starts in dependency order, restarts by ctl and after kill -9, stops cleanly on SIGTERM, leaves nothing', async () => {
		const run = await startPilot();
		expect((await get(run.ports.nginx)).text).toMatch(/redis says PONG/);
		expect(fs.existsSync(path.join(run.folder, 'nginx.pid'))).toBe(true);

		// `ctl restart nginx`: a new master, serving again.
		const before = await status(run);
		execFileSync(process.execPath, [cli!.cli, 'ctl', 'restart', 'nginx', '--socket', run.socket], {stdio: 'pipe'});
		const afterRestart = await waitFor('nginx restarted', async () => {
			const entries = await status(run);
			return entries['nginx']!.ready && entries['nginx']!.pid !== before['nginx']!.pid ? entries : undefined;
		});
		expect(afterRestart['nginx']!.restarts).toBe(before['nginx']!.restarts + 1);
		expect((await get(run.ports.nginx)).text).toMatch(/redis says PONG/);

		// kill -9 of the app: the pilot restarts it, nginx serves through the new one.
		process.kill(before['app']!.pid!, 'SIGKILL');
		await waitFor('app back', async () => {
			const entries = await status(run);
			return entries['app']!.ready && entries['app']!.pid !== before['app']!.pid ? true : undefined;
		});
		await waitFor('served by the new app', async () => (await get(run.ports.nginx)).text.includes('redis says PONG') || undefined);

		const family = [run.child.pid!, ...descendantsOf(run.child.pid!)];
		expect(family.length).toBeGreaterThanOrEqual(hasPostgres ? 8 : 6);
		run.child.kill('SIGTERM');
		expect(await run.exited, run.output()).toEqual({code: 0, signal: null});
		// Clean stops, in the services' own words: Redis says goodbye, nginx (SIGQUIT, graceful)
		// removes its pid file, Postgres (SIGINT, fast shutdown) shuts down.
		expect(run.output()).toMatch(/redis +\| .*(Redis is now ready to exit|bye bye)/);
		expect(fs.existsSync(path.join(run.folder, 'nginx.pid'))).toBe(false);
		if (hasPostgres) {
			expect(run.output()).toMatch(/postgres +\| .*database system is shut down/);
		}

		expect(run.output()).not.toMatch(/did not stop within/);
		await waitFor('nothing left after SIGTERM', () => family.every(pid => !isAlive(pid)) || undefined, 5000);
	}, 180_000);

	it('leaves nothing behind when the pilot is SIGKILLed', async () => {
		const run = await startPilot();
		const family = descendantsOf(run.child.pid!);
		expect(family.length).toBeGreaterThanOrEqual(hasPostgres ? 7 : 5);
		run.child.kill('SIGKILL');
		expect(await run.exited).toMatchObject({signal: 'SIGKILL'});
		await waitFor(() => `nothing left after SIGKILL (${family.filter(pid => isAlive(pid)).join(' ')})`, () => family.every(pid => !isAlive(pid)) || undefined, 10_000);
	}, 180_000);
});
