import {killLeftovers} from '../lib/leftovers.js';
import {tuiCommand} from '../lib/ours.js';
import {isGone} from '../lib/procfs.js';
import {shellQuote, stopPid} from '../lib/spawn.js';
import {single} from '../lib/stats.js';
import {startSession} from '../lib/tmux.js';
import {waitFor} from '../lib/wait.js';
import {names, oursManifest, prepare, settleAndMeasure} from './idle.js';

const tableHeader = /NAME\s+STATE/;

export const id = 'live-view';

export async function run(ctx) {
	const cpuRow = {
		figure: `live view at 120x40, ${names.length} children: CPU over ${ctx.idleSeconds} s`,
		unit: '%',
		target: {text: '≤ 2 % in all', max: 2},
		issue: {pm2: '25.9 % on top of the daemon'},
		peers: {supervisord: {note: 'none (no live view)'}},
		notes: ['Ours: the whole `pilot-tui <manifest>` process (engine and TUI) in tmux; PM2: the `pm2 monit` process alone, on top of its daemon.'],
	};
	const rssRow = {figure: 'live view RSS', unit: 'MB', target: {text: '≤ 120 MB in all', max: 120}, issue: {pm2: '113.7 MB on top of the daemon'}, peers: {supervisord: {note: 'none (no live view)'}}};

	await ctx.withOurs(cpuRow, async () => {
		const files = prepare(ctx, 'ours-tui');
		const session = await startSession('live-ours', tuiCommand(oursManifest(files)));
		const failure = () => isGone(session.pid) && 'pilot-tui (TUI) exited';
		try {
			await waitFor(async () => tableHeader.test(await session.capture()), {timeoutMs: 20_000, intervalMs: 50, what: 'the process table', failure});
			const [sample] = await settleAndMeasure(ctx, files, [session.pid], failure);
			rssRow.ours = single(sample.rssMb);
			return single(sample.cpuPercent);
		} finally {
			await stopPid(session.pid);
			await session.kill();
			ctx.noteLeftovers('ours', killLeftovers(files.pids));
		}
	});
	rssRow.error = cpuRow.error;

	await ctx.withPeer('pm2', cpuRow, async pm2 => {
		const peerFiles = prepare(ctx, 'pm2-monit');
		await pm2.start(pm2.writeEcosystem('live', names.map(name => ({name, script: peerFiles.script}))));
		const words = [process.execPath, ...pm2.monitArgs()].map(word => shellQuote(word)).join(' ');
		const monit = await startSession('live-pm2', `env PM2_HOME=${shellQuote(pm2.env.PM2_HOME)} ${words}`);
		try {
			const [monitSample, daemonSample] = await settleAndMeasure(ctx, peerFiles, [monit.pid, pm2.daemonPid()]);
			rssRow.peers.pm2 = single(monitSample.rssMb);
			cpuRow.notes.push(`PM2 daemon meanwhile: ${daemonSample.cpuPercent.toFixed(2)} % CPU, ${daemonSample.rssMb.toFixed(1)} MB.`);
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

	return [cpuRow, rssRow];
}
