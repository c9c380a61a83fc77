import {spawn} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {readClock} from '../lib/clock.js';
import {measureCpu} from '../lib/cpu.js';
import {killLeftovers} from '../lib/leftovers.js';
import {root} from '../lib/dist.js';
import {startCli, writeManifest} from '../lib/ours.js';
import {rssMb} from '../lib/procfs.js';
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
	const rssRow = {
		figure: 'idle RSS (end of the idle window)', unit: 'MB', target: {text: '≤ 55 MB', max: 55}, reference: '28.9 MB', issue: {pm2: '57.8 MB', supervisord: '31.2 MB'}, peers: {},
		notes: ['Where the floor is (the two floor rows below, same run): a bare Node 20 process holds ~40 MB, most of it file-backed pages of the node binary itself (shared with every other node process). Of ours (57 MB measured apart, 2026-12-01) 42 MB are pages of the node binary (the built-in modules and C++ paths a supervisor runs: child_process, net, http, fs, streams) and 15 MB heap and malloc; zod\'s module alone takes 5 MB once loaded (its bundled chunk imported into a bare node: 43 → 48 MB). What moved it, measured apart with 50 children: one V8 worker thread instead of four (`--v8-pool-size=1`, set by the launcher: each worker thread that allocates gets its own malloc arena) 60-67 → 57 MB; https/tls loaded only for an https probe, −1 MB; the minified bundle, −0.5 MB; no effect at idle: a forced GC after start-up, a smaller young generation (`--max-semi-space-size` 1 or 2).'],
	};

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

	return [cpuRow, rssRow, ...await rssFloors(ctx)];
}

/**
What Node itself holds before any supervisor work (issue 16: a measured floor for the RSS row):
a bare Node process, and one that only loaded the libraries every start needs (yaml and zod
for the manifest, as packages). Read after the same settling time as ours.
*/
async function rssFloors(ctx) {
	const floors = [
		['floor: a bare Node process (RSS after settling)', 'setInterval(() => {}, 1000);'],
		['floor: Node with yaml and zod loaded, nothing run (RSS after settling)', 'await import(\'yaml\'); await import(\'zod\'); setInterval(() => {}, 1000);'],
	];
	const rows = [];
	for (const [figure, program] of floors) {
		const child = spawn(process.execPath, ['--input-type=module', '-e', program], {cwd: root, stdio: 'ignore'});
		try {
			await sleep(ctx.settleMs + 2000);
			rows.push({figure, unit: 'MB', peers: {}, ours: single(rssMb(child.pid))});
		} finally {
			child.kill('SIGKILL');
		}
	}

	return rows;
}
