import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {readClock} from '../lib/clock.js';
import {alivePids, killLeftovers} from '../lib/leftovers.js';
import {createPilot, startCli, writeManifest} from '../lib/ours.js';
import {sleeper} from '../lib/scripts.js';
import {stopPid} from '../lib/spawn.js';
import {single, summarize} from '../lib/stats.js';
import {waitFor, withTimeout} from '../lib/wait.js';

const children = 50;
const names = Array.from({length: children}, (_, index) => `stubborn-${String(index).padStart(2, '0')}`);

function prepare(ctx, who, index) {
	const dir = path.join(ctx.workDir, 'stop-all', who, String(index));
	mkdirSync(dir, {recursive: true});
	const files = {starts: path.join(dir, 'starts'), pids: path.join(dir, 'pids')};
	return {...files, dir, script: sleeper(dir, 'stubborn', {...files, ignoreTerm: true})};
}

const allStarted = (files, failure) => waitFor(() => readClock(files.starts).length >= children, {timeoutMs: 30_000, intervalMs: 20, what: `${children} children to start`, failure});

/** Run `stop`, then wait until every child is gone; ms from the stop call to the last child gone. */
async function timeStop(files, stop, limitMs = 120_000) {
	const t0 = performance.now();
	await withTimeout(stop(), limitMs, 'stop all');
	await waitFor(() => alivePids(files.pids).length === 0, {timeoutMs: limitMs, intervalMs: 5, what: 'every child to be gone'});
	return performance.now() - t0;
}

function oursManifest(files) {
	return writeManifest(files.dir, 'stop-all', names.map(name => ({name, path: files.script, timeout: 1})));
}

async function repeat(runs, measure) {
	const samples = [];
	for (let index = 0; index < runs; index++) {
		samples.push(await measure(index));
	}

	return summarize(samples);
}

export const id = 'stop-all';

export async function run(ctx) {
	const runs = ctx.quick ? 1 : 3;
	const engine = async index => {
		const files = prepare(ctx, 'ours', index);
		const {pilot, stop} = await createPilot(oursManifest(files));
		try {
			await withTimeout(pilot.start(), 30_000, 'pilot.start()');
			await allStarted(files);
			return await timeStop(files, stop);
		} finally {
			await stop();
			ctx.noteLeftovers('ours', killLeftovers(files.pids));
		}
	};

	const viaCli = async index => {
		const files = prepare(ctx, 'ours-cli', index);
		const cli = startCli(oursManifest(files));
		try {
			await allStarted(files, cli.failure);
			return await timeStop(files, () => stopPid(cli.pid, 30_000));
		} finally {
			await cli.stop();
			ctx.noteLeftovers('ours', killLeftovers(files.pids));
		}
	};

	const row = {
		figure: `stop all: ${children} children ignoring SIGTERM, 1 s grace (pilot.stop())`,
		unit: 'ms',
		target: {text: '≤ 1.2 s', max: 1200},
		reference: 'kills itself; 50.1 s once fixed',
		issue: {pm2: '28.2 s', supervisord: '1.38 s'},
		peers: {},
		notes: ['PM2: `pm2 stop all` (kill_timeout 1000 ms, PM2_KILL_SIGNAL=SIGTERM); supervisord: `supervisorctl stop all` (stopwaitsecs=1, stopasgroup, killasgroup). Timed until every child is gone.'],
	};
	const cliRow = {
		figure: 'stop all, via SIGTERM to `pilot-tui --no-tui`',
		unit: 'ms',
		target: {text: '≤ 1.2 s', max: 1200},
		peers: {pm2: {note: 'see row above'}, supervisord: {note: 'see row above'}},
	};

	await ctx.withOurs(row, () => repeat(runs, engine));
	await ctx.withOurs(cliRow, () => repeat(runs, viaCli));
	await ctx.withPeer('pm2', row, async pm2 => {
		// One run: PM2 stops one child after another (about 28 s here).
		const files = prepare(ctx, 'pm2', 0);
		await pm2.start(pm2.writeEcosystem('stop', names.map(name => ({name, script: files.script}))));
		try {
			await allStarted(files);
			return single(await timeStop(files, () => pm2.cli(['stop', 'all'], 180_000), 180_000));
		} finally {
			await pm2.deleteAll();
			ctx.noteLeftovers('pm2', killLeftovers(files.pids));
		}
	});

	await ctx.withPeer('supervisord', row, async supervisord => {
		const samples = [];
		for (let index = 0; index < runs; index++) {
			const files = prepare(ctx, 'supervisord', index);
			const instance = await supervisord.launch(`stop-${index}`, names.map(name => ({name, command: files.script})));
			try {
				await allStarted(files);
				samples.push(await timeStop(files, () => instance.ctl(['stop', 'all'])));
			} finally {
				await instance.shutdown();
				ctx.noteLeftovers('supervisord', killLeftovers(files.pids));
			}
		}

		return summarize(samples);
	});

	return [row, cliRow];
}
