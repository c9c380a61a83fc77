import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {readClock} from '../lib/clock.js';
import {measureCpu} from '../lib/cpu.js';
import {killLeftovers} from '../lib/leftovers.js';
import {tuiCommand, writeManifest} from '../lib/ours.js';
import {isGone} from '../lib/procfs.js';
import {run as runCommand, shellQuote, stopPid} from '../lib/spawn.js';
import {single} from '../lib/stats.js';
import {startSession} from '../lib/tmux.js';
import {sleep, waitFor} from '../lib/wait.js';
import {allStarted, names, prepare} from './idle.js';

const tableHeader = /NAME\s+STATE/;
// The table shows uptimes in seconds during the first minute (one redraw a second); after it, in
// minutes. The steady state is measured once every child is past its first minute.
const firstMinuteMs = 61_000;

const bytesOf = file => (existsSync(file) ? statSync(file).size : 0);

/**
`pilot-tui <manifest>` with `count` sleeping children in a 120x40 tmux pane: its CPU (utime+stime)
and RSS over a window, and the bytes it wrote to the terminal meanwhile (tmux pipe-pane).
*/
async function measureOurs(ctx, who, count, seconds) {
	const files = prepare(ctx, who);
	const manifest = writeManifest(files.dir, 'live', Array.from({length: count}, (_, index) => ({name: `idle-${String(index).padStart(3, '0')}`, path: files.script})));
	const session = await startSession(who, tuiCommand(manifest));
	const failure = () => isGone(session.pid) && 'pilot-tui (TUI) exited';
	try {
		await waitFor(async () => tableHeader.test(await session.capture()), {timeoutMs: 20_000, intervalMs: 50, what: 'the process table', failure});
		await waitFor(() => readClock(files.starts).length >= count, {timeoutMs: 60_000, intervalMs: 50, what: `${count} children to start`, failure});
		const allStarted = Date.now();
		const result = {};
		if (count === names.length) {
			// Also the first minute, while uptimes still tick every second.
			await sleep(ctx.settleMs);
			const bytesFile = path.join(files.dir, 'first-minute-bytes');
			await session.pipeTo(bytesFile);
			const [sample] = await measureCpu([session.pid], Math.min(ctx.idleSeconds, 30));
			result.firstMinute = {cpuPercent: sample.cpuPercent, bytesPerSecond: bytesOf(bytesFile) / sample.seconds};
			await session.pipeTo(path.join(files.dir, 'between-bytes'));
		}

		await sleep(Math.max(ctx.quick ? ctx.settleMs : firstMinuteMs - (Date.now() - allStarted), 0));
		const bytesFile = path.join(files.dir, 'terminal-bytes');
		await session.pipeTo(bytesFile);
		const [sample] = await measureCpu([session.pid], seconds);
		if (failure()) {
			throw new Error(failure());
		}

		return {...result, cpuPercent: sample.cpuPercent, rssMb: sample.rssMb, bytesPerSecond: bytesOf(bytesFile) / sample.seconds};
	} finally {
		await stopPid(session.pid);
		await session.kill();
		ctx.noteLeftovers('ours', killLeftovers(files.pids));
	}
}

export const id = 'live-view';

export async function run(ctx) {
	const cpuRow = {
		figure: `live view at 120x40, ${names.length} children: CPU over ${ctx.idleSeconds} s (children past their first minute)`,
		unit: '%',
		target: {text: '≤ 1.5 %', max: 1.5},
		issue: {pm2: '25.9 % on top of the daemon'},
		peers: {supervisord: {note: 'none (no live view)'}},
		notes: ['Ours: the whole `pilot-tui <manifest>` process (engine and TUI) in tmux, CPU as utime+stime from /proc; PM2: the `pm2 monit` process alone, on top of its daemon.'],
	};
	const rssRow = {figure: 'live view RSS', unit: 'MB', target: {text: '≤ 110 MB', max: 110}, issue: {pm2: '113.7 MB on top of the daemon'}, peers: {supervisord: {note: 'none (no live view)'}}};
	const bytesRow = {
		figure: `terminal traffic: bytes written to the terminal per second, ${names.length} idle children, 120x40 (tmux pipe-pane)`,
		unit: 'B/s',
		target: {text: '≤ 1 KB/s', max: 1024},
		peers: {supervisord: {note: 'none (no live view)'}},
		notes: [],
	};
	const manyRow = {
		figure: 'live view at 120x40, 200 children (about 30 rows on screen): CPU',
		unit: '%',
		target: {text: '≤ 2.5 %', max: 2.5},
		peers: {pm2: {note: 'not measured'}, supervisord: {note: 'none (no live view)'}},
		notes: [],
	};

	await ctx.withOurs(cpuRow, async () => {
		const result = await measureOurs(ctx, 'live-ours', names.length, ctx.idleSeconds);
		rssRow.ours = single(result.rssMb);
		bytesRow.ours = single(result.bytesPerSecond);
		if (result.firstMinute) {
			cpuRow.notes.push(`Ours during the first minute (uptimes in seconds, one redraw a second): ${result.firstMinute.cpuPercent.toFixed(2)} % CPU, ${Math.round(result.firstMinute.bytesPerSecond)} B/s to the terminal.`);
		}

		return single(result.cpuPercent);
	});
	rssRow.error = cpuRow.error;
	bytesRow.error = cpuRow.error;
	const bare = await runCommand(process.execPath, ['--max-semi-space-size=4', '-p', 'process.memoryUsage().rss']).catch(() => undefined);
	if (bare?.code === 0) {
		rssRow.notes = [`Floor: node alone holds ${(Number(bare.stdout) / 1024 / 1024).toFixed(1)} MB (most of it the node binary's own pages); ink, react and yoga's wasm drawing a 38-row screen add about 58 MB more (measured apart with default V8 flags, 2026-12-01: 39 MB -> 97 MB). The CLI's launcher runs node with --max-semi-space-size=4 (V8's default young generation made RSS ~147 MB).`];
	}

	await ctx.withOurs(manyRow, async () => {
		const result = await measureOurs(ctx, 'live-ours-200', 200, Math.min(ctx.idleSeconds, 20));
		manyRow.notes.push(`RSS ${result.rssMb.toFixed(1)} MB, ${Math.round(result.bytesPerSecond)} B/s to the terminal.`);
		return single(result.cpuPercent);
	});

	let monitBytes;
	await ctx.withPeer('pm2', cpuRow, async pm2 => {
		const peerFiles = prepare(ctx, 'pm2-monit');
		await pm2.start(pm2.writeEcosystem('live', names.map(name => ({name, script: peerFiles.script}))));
		const words = [process.execPath, ...pm2.monitArgs()].map(word => shellQuote(word)).join(' ');
		const monit = await startSession('live-pm2', `env PM2_HOME=${shellQuote(pm2.env.PM2_HOME)} ${words}`);
		try {
			await allStarted(peerFiles);
			await sleep(ctx.settleMs);
			const bytesFile = path.join(peerFiles.dir, 'terminal-bytes');
			await monit.pipeTo(bytesFile);
			const [monitSample, daemonSample] = await measureCpu([monit.pid, pm2.daemonPid()], ctx.idleSeconds);
			monitBytes = bytesOf(bytesFile) / monitSample.seconds;
			rssRow.peers.pm2 = single(monitSample.rssMb);
			cpuRow.notes.push(`PM2 daemon meanwhile: ${daemonSample.cpuPercent.toFixed(2)} % CPU, ${daemonSample.rssMb.toFixed(1)} MB; monit and daemon together ${(monitSample.cpuPercent + daemonSample.cpuPercent).toFixed(2)} %, ${(monitSample.rssMb + daemonSample.rssMb).toFixed(1)} MB (ours is one process).`);
			return single(monitSample.cpuPercent);
		} finally {
			await stopPid(monit.pid);
			await monit.kill();
			await pm2.deleteAll();
			ctx.noteLeftovers('pm2', killLeftovers(peerFiles.pids));
		}
	});

	if (!rssRow.peers.pm2) {
		rssRow.peers.pm2 = cpuRow.peers.pm2;
	}

	bytesRow.peers.pm2 = monitBytes === undefined ? cpuRow.peers.pm2 : single(monitBytes);
	return [cpuRow, rssRow, bytesRow, manyRow];
}
