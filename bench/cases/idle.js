import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {readClock} from '../lib/clock.js';
import {measureCpu} from '../lib/cpu.js';
import {killLeftovers} from '../lib/leftovers.js';
import {startCli, writeManifest} from '../lib/ours.js';
import {sleeper} from '../lib/scripts.js';
import {single} from '../lib/stats.js';
import {sleep, waitFor} from '../lib/wait.js';

export const children = 50;
export const names = Array.from({length: children}, (_, index) => `idle-${String(index).padStart(2, '0')}`);

export function prepare(ctx, who) {
	const dir = path.join(ctx.workDir, 'idle', who);
	mkdirSync(dir, {recursive: true});
	const files = {starts: path.join(dir, 'starts'), pids: path.join(dir, 'pids')};
	return {...files, dir, script: sleeper(dir, 'sleeper', files)};
}

export const allStarted = (files, failure) => waitFor(() => readClock(files.starts).length >= children, {timeoutMs: 30_000, intervalMs: 20, what: `${children} children to start`, failure});

export function oursManifest(files) {
	return writeManifest(files.dir, 'idle', names.map(name => ({name, path: files.script})));
}

/** Wait for every child, let start-up work settle, then measure the pids' CPU over the window. */
export async function settleAndMeasure(ctx, files, pids, failure) {
	await allStarted(files, failure);
	await sleep(ctx.settleMs);
	return measureCpu(pids, ctx.idleSeconds);
}

export const id = 'idle';

export async function run(ctx) {
	const cpuRow = {
		figure: `idle: ${children} sleeping children, supervisor CPU over ${ctx.idleSeconds} s (headless)`,
		unit: '%',
		target: {text: '≤ 0.1 %', max: 0.1},
		reference: '5.1 %',
		issue: {pm2: '0.20 %', supervisord: '0.03 %'},
		peers: {},
		notes: ['CPU from /proc/<pid>/stat utime+stime (10 ms ticks) of the supervisor process: ours is `node dist/cli.js <manifest> --no-tui` (stats sampled every 1 s, the default); PM2 its daemon (God Daemon); supervisord its python process.'],
	};
	const rssRow = {figure: 'idle RSS (end of the idle window)', unit: 'MB', target: {text: '≤ 60 MB', max: 60}, reference: '28.9 MB', issue: {pm2: '57.8 MB', supervisord: '31.2 MB'}, peers: {}};

	await ctx.withOurs(cpuRow, async () => {
		const files = prepare(ctx, 'ours');
		const cli = startCli(oursManifest(files));
		try {
			const [sample] = await settleAndMeasure(ctx, files, [cli.pid], cli.failure);
			rssRow.ours = single(sample.rssMb);
			return single(sample.cpuPercent);
		} finally {
			await cli.stop();
			ctx.noteLeftovers('ours', killLeftovers(files.pids));
		}
	});
	rssRow.error = cpuRow.error;

	const peerRss = {};
	await ctx.withPeer('pm2', cpuRow, async pm2 => {
		const peerFiles = prepare(ctx, 'pm2');
		await pm2.start(pm2.writeEcosystem('idle', names.map(name => ({name, script: peerFiles.script}))));
		try {
			const [sample] = await settleAndMeasure(ctx, peerFiles, [pm2.daemonPid()]);
			peerRss.pm2 = single(sample.rssMb);
			return single(sample.cpuPercent);
		} finally {
			await pm2.deleteAll();
			ctx.noteLeftovers('pm2', killLeftovers(peerFiles.pids));
		}
	});

	await ctx.withPeer('supervisord', cpuRow, async supervisord => {
		const peerFiles = prepare(ctx, 'supervisord');
		const instance = await supervisord.launch('idle', names.map(name => ({name, command: peerFiles.script})));
		try {
			const [sample] = await settleAndMeasure(ctx, peerFiles, [instance.pid]);
			peerRss.supervisord = single(sample.rssMb);
			return single(sample.cpuPercent);
		} finally {
			await instance.shutdown();
			ctx.noteLeftovers('supervisord', killLeftovers(peerFiles.pids));
		}
	});

	for (const [name, value] of Object.entries(cpuRow.peers)) {
		rssRow.peers[name] = peerRss[name] ?? value;
	}

	return [cpuRow, rssRow];
}
