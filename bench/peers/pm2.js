import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {onCleanup} from '../lib/cleanup.js';
import {isGone} from '../lib/procfs.js';
import {run} from '../lib/spawn.js';
import {sleep} from '../lib/wait.js';

/**
PM2 7, installed on demand into the bench's cache folder (never by `npm ci`), with its own
PM2_HOME so it never meets a PM2 the user runs; its daemon is killed at the end.
*/
export class Pm2 {
	name = 'PM2';
	version = '';
	#cacheDir;
	#home;
	#bin;
	#unregister;

	constructor({cacheDir, workDir}) {
		this.#cacheDir = path.join(cacheDir, 'pm2');
		this.#home = path.join(workDir, 'pm2-home');
		this.#bin = path.join(this.#cacheDir, 'node_modules', 'pm2', 'bin', 'pm2');
		this.workDir = workDir;
	}

	get env() {
		return {...process.env, PM2_HOME: this.#home, PM2_KILL_SIGNAL: 'SIGTERM', PM2_DISABLE_VERSION_CHECK: 'true'};
	}

	/** Install pm2@7 into the cache unless it is there already; throws a one-line reason on failure. */
	async install(log) {
		const packageFile = path.join(this.#cacheDir, 'node_modules', 'pm2', 'package.json');
		const installed = () => (existsSync(packageFile) ? JSON.parse(readFileSync(packageFile, 'utf8')).version : '');
		if (!installed().startsWith('7.')) {
			log('installing pm2@7 into bench/.tmp/peers/pm2 ...');
			mkdirSync(this.#cacheDir, {recursive: true});
			writeFileSync(path.join(this.#cacheDir, 'package.json'), '{"private": true}\n');
			const result = await run('npm', ['install', 'pm2@7', '--no-audit', '--no-fund', '--no-save', '--loglevel=error'], {cwd: this.#cacheDir, timeoutMs: 240_000});
			if (result.code !== 0) {
				throw new Error(`npm install pm2@7 failed: ${result.stderr.trim().split('\n').pop()}`);
			}
		}

		this.version = installed();
		if (!this.version) {
			throw new Error('pm2 is not installed after npm install');
		}
	}

	async cli(args, timeoutMs = 120_000) {
		const result = await run(process.execPath, [this.#bin, ...args], {env: this.env, timeoutMs});
		if (result.code !== 0) {
			throw new Error(`pm2 ${args.join(' ')} exited ${result.code}: ${(result.stderr || result.stdout).trim().split('\n').slice(-2).join(' ')}`);
		}

		return result.stdout;
	}

	/** Start the daemon (warm), so start figures measure `pm2 start`, not the daemon's boot. */
	async startDaemon() {
		mkdirSync(this.#home, {recursive: true});
		this.#unregister ??= onCleanup('PM2 daemon', () => this.kill());
		await this.cli(['ping']);
	}

	daemonPid() {
		const file = path.join(this.#home, 'pm2.pid');
		return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : Number.NaN;
	}

	/** An ecosystem file; apps run the script directly (interpreter none), logs to /dev/null. */
	writeEcosystem(name, apps) {
		const file = path.join(this.workDir, `${name}.pm2.json`);
		const defaults = {
			interpreter: 'none',
			exec_mode: 'fork',
			autorestart: true,
			watch: false,
			min_uptime: 100,
			max_restarts: 1_000_000,
			restart_delay: 0,
			kill_timeout: 1000,
			treekill: true,
			out_file: '/dev/null',
			error_file: '/dev/null',
			merge_logs: true,
			vizion: false,
			pmx: false,
			automation: false,
		};
		writeFileSync(file, JSON.stringify({apps: apps.map(app => ({...defaults, ...app}))}, null, '\t'));
		return file;
	}

	start(ecosystemFile) {
		return this.cli(['start', ecosystemFile]);
	}

	deleteAll() {
		return this.cli(['delete', 'all']).catch(() => {});
	}

	monitArgs() {
		return [this.#bin, 'monit'];
	}

	/** `pm2 kill`, then SIGKILL the daemon if it is still there. */
	async kill() {
		const pid = this.daemonPid();
		await this.cli(['kill'], 30_000).catch(() => {});
		for (let i = 0; i < 50 && Number.isFinite(pid) && !isGone(pid); i++) {
			await sleep(100);
		}

		if (Number.isFinite(pid) && !isGone(pid)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}

		this.#unregister?.();
		this.#unregister = undefined;
	}
}
