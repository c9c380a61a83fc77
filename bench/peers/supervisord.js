import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {isGone} from '../lib/procfs.js';
import {run, spawnTracked} from '../lib/spawn.js';
import {sleep, waitFor} from '../lib/wait.js';

const systemPidFiles = ['/var/run/supervisord.pid', '/run/supervisord.pid'];

function readPid(file) {
	try {
		return Number(readFileSync(file, 'utf8').trim()) || Number.NaN;
	} catch {
		return Number.NaN;
	}
}

async function which(command) {
	const result = await run('sh', ['-c', `command -v ${command}`]).catch(() => ({code: 1}));
	return result.code === 0 ? result.stdout.trim() : '';
}

/**
supervisord from Debian's `supervisor` package (installed on demand), run in the foreground
(`-n`) with the bench's own config, socket and folder, one instance per case.
*/
export class Supervisord {
	name = 'supervisord';
	version = '';
	#workDir;

	constructor({workDir}) {
		this.#workDir = path.join(workDir, 'supervisord');
	}

	async install(log) {
		if (!(await which('supervisord'))) {
			log('installing Debian package supervisor (apt-get install -y supervisor) ...');
			const before = new Set(systemPidFiles.map(file => readPid(file)));
			const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
			let result = await run('apt-get', ['install', '-y', '-q', 'supervisor'], {env, timeoutMs: 240_000}).catch(error => ({code: 1, stderr: error.message}));
			if (result.code !== 0) {
				await run('apt-get', ['update', '-q'], {env, timeoutMs: 240_000}).catch(() => {});
				result = await run('apt-get', ['install', '-y', '-q', 'supervisor'], {env, timeoutMs: 240_000}).catch(error => ({code: 1, stderr: error.message}));
			}

			if (result.code !== 0) {
				throw new Error(`apt-get install supervisor failed: ${result.stderr.trim().split('\n').pop()}`);
			}

			// The package's init script may have started a system supervisord: that one is ours to end.
			for (const file of systemPidFiles) {
				const pid = readPid(file);
				if (Number.isFinite(pid) && !before.has(pid) && !isGone(pid)) {
					log(`stopping the system supervisord (pid ${pid}) the package install started`);
					try {
						process.kill(pid, 'SIGTERM');
					} catch {}
				}
			}
		}

		const version = await run('supervisord', ['--version']).catch(() => ({code: 1}));
		if (version.code !== 0) {
			throw new Error('supervisord --version failed');
		}

		this.version = version.stdout.trim();
	}

	/**
	Start supervisord with these programs ({name, command} plus any program options) and wait until
	its socket answers. Returns {pid, ctl(args), shutdown()}.
	*/
	async launch(name, programs, {waitReady = true} = {}) {
		const dir = path.join(this.#workDir, name);
		mkdirSync(dir, {recursive: true});
		const conf = path.join(dir, 'supervisord.conf');
		const socket = path.join(dir, 'sv.sock');
		const sections = [
			'[supervisord]',
			'nodaemon=true',
			'user=root',
			`logfile=${path.join(dir, 'supervisord.log')}`,
			`pidfile=${path.join(dir, 'supervisord.pid')}`,
			`childlogdir=${dir}`,
			'loglevel=warn',
			'',
			'[unix_http_server]',
			`file=${socket}`,
			'',
			'[rpcinterface:supervisor]',
			'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
			'',
			'[supervisorctl]',
			`serverurl=unix://${socket}`,
			'',
		];
		for (const program of programs) {
			const options = {
				autostart: 'true',
				autorestart: 'true',
				startsecs: '0',
				startretries: '1000000',
				stopsignal: 'TERM',
				stopwaitsecs: '1',
				stopasgroup: 'true',
				killasgroup: 'true',
				stdout_logfile: 'NONE',
				stderr_logfile: 'NONE',
				...program.options,
			};
			sections.push(`[program:${program.name}]`, `command=${program.command}`, ...Object.entries(options).map(([key, value]) => `${key}=${value}`), '');
		}

		writeFileSync(conf, sections.join('\n'));
		const handle = spawnTracked('supervisord', ['-n', '-c', conf], {graceMs: 10_000});
		const ctl = async (args, timeoutMs = 120_000) => run('supervisorctl', ['-c', conf, ...args], {timeoutMs});
		if (waitReady) {
			await waitFor(() => existsSync(socket), {timeoutMs: 15_000, intervalMs: 20, what: 'the supervisord socket'});
		}

		return {
			pid: handle.pid,
			conf,
			ctl,
			exited: handle.exited,
			async shutdown() {
				const result = await ctl(['shutdown'], 30_000).catch(() => ({code: 1}));
				if (result.code === 0) {
					await Promise.race([handle.exited, sleep(15_000)]);
				}

				await handle.stop();
			},
		};
	}
}
