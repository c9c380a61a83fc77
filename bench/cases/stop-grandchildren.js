import {chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {readClock} from '../lib/clock.js';
import {readPids} from '../lib/leftovers.js';
import {createPilot, startCli, writeManifest} from '../lib/ours.js';
import {shellQuote, stopPid} from '../lib/spawn.js';
import {single, summarize} from '../lib/stats.js';
import {waitFor, withTimeout} from '../lib/wait.js';

// Issue 16: 50 stubborn children, each with a grandchild at every moment (`sleep 0.2` in a loop).
// `trap '' TERM` is inherited by the sleeps, so the whole group ignores SIGTERM until SIGKILL.
// After the SIGKILL the sleeps are orphans: zombies until init reaps them (every 1-2 s here), so
// a stop that counts zombies as members waits that long.
const children = 50;
const names = Array.from({length: children}, (_, index) => `stubborn-${String(index).padStart(2, '0')}`);

function prepare(ctx, who, index) {
	const dir = path.join(ctx.workDir, 'stop-grandchildren', who, String(index));
	mkdirSync(dir, {recursive: true});
	const starts = path.join(dir, 'starts');
	const pids = path.join(dir, 'pids');
	const script = path.join(dir, 'stubborn');
	writeFileSync(script, `#!/bin/sh\ntrap '' TERM\necho $$ >> ${shellQuote(pids)}\ndate +%s%N >> ${shellQuote(starts)}\nwhile :; do sleep 0.2; done\n`);
	chmodSync(script, 0o755);
	return {dir, starts, pids, script};
}

/** Process groups of the children (their pgid from /proc, whatever the supervisor did). */
function groupsOf(pidsFile) {
	const groups = new Set();
	for (const pid of readPids(pidsFile)) {
		try {
			const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
			groups.add(Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[2]));
		} catch {}
	}

	return groups;
}

/** Living (not zombie) processes in any of `groups`. */
function livingMembers(groups) {
	const living = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}

		try {
			const text = readFileSync(`/proc/${entry}/stat`, 'latin1');
			const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
			if (fields[0] !== 'Z' && fields[0] !== 'X' && groups.has(Number(fields[2]))) {
				living.push(Number(entry));
			}
		} catch {}
	}

	return living;
}

const allStarted = (files, failure) => waitFor(() => readClock(files.starts).length >= children, {timeoutMs: 60_000, intervalMs: 20, what: `${children} children to start`, failure});

/** ms from the stop call until no living process is left in the children's groups. */
async function timeStop(files, stop, limitMs = 120_000) {
	const groups = groupsOf(files.pids);
	const t0 = performance.now();
	await withTimeout(stop(), limitMs, 'stop all');
	await waitFor(() => livingMembers(groups).length === 0, {timeoutMs: limitMs, intervalMs: 10, what: 'every group member to be gone'});
	return performance.now() - t0;
}

/** SIGKILL whatever a supervisor left of the groups; how many processes that was. */
function killLeft(ctx, who, files) {
	const left = livingMembers(groupsOf(files.pids)).filter(pid => pid !== process.pid);
	for (const pid of left) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}

	ctx.noteLeftovers(who, left.length);
}

const oursManifest = files => writeManifest(files.dir, 'stop-grandchildren', names.map(name => ({name, path: files.script, timeout: 1})));

async function repeat(runs, measure) {
	const samples = [];
	for (let index = 0; index < runs; index++) {
		samples.push(await measure(index));
	}

	return summarize(samples);
}

export const id = 'stop-grandchildren';

export async function run(ctx) {
	const runs = ctx.quick ? 1 : 3;
	const row = {
		figure: `stop all: ${children} children ignoring SIGTERM, each with a grandchild (\`trap '' TERM; while :; do sleep 0.2; done\`), 1 s grace (pilot.stop())`,
		unit: 'ms',
		target: {text: '≤ 1.2 s', max: 1200},
		peers: {},
		notes: ['Timed from the stop call until no process of the children\'s groups is alive (zombies count as gone: after the SIGKILL the orphaned `sleep`s wait for init to reap them). PM2: `pm2 stop all` (kill_timeout 1000 ms, treekill); supervisord: `supervisorctl stop all` (stopwaitsecs=1, stopasgroup, killasgroup).'],
	};
	const cliRow = {
		figure: 'stop all with grandchildren, via SIGTERM to `pilot-tui --no-tui`',
		unit: 'ms',
		target: {text: '≤ 1.2 s', max: 1200},
		peers: {pm2: {note: 'see row above'}, supervisord: {note: 'see row above'}},
	};

	await ctx.withOurs(row, () => repeat(runs, async index => {
		const files = prepare(ctx, 'ours', index);
		const {pilot, stop} = await createPilot(oursManifest(files));
		try {
			await withTimeout(pilot.start(), 60_000, 'pilot.start()');
			await allStarted(files);
			return await timeStop(files, stop);
		} finally {
			await stop();
			killLeft(ctx, 'ours', files);
		}
	}));

	await ctx.withOurs(cliRow, () => repeat(runs, async index => {
		const files = prepare(ctx, 'ours-cli', index);
		const cli = startCli(oursManifest(files));
		try {
			await allStarted(files, cli.failure);
			return await timeStop(files, () => stopPid(cli.pid, 30_000));
		} finally {
			await cli.stop();
			killLeft(ctx, 'ours', files);
		}
	}));

	await ctx.withPeer('pm2', row, async pm2 => {
		const files = prepare(ctx, 'pm2', 0);
		await pm2.start(pm2.writeEcosystem('stop-grandchildren', names.map(name => ({name, script: files.script}))));
		try {
			await allStarted(files);
			return single(await timeStop(files, () => pm2.cli(['stop', 'all'], 180_000), 180_000));
		} finally {
			await pm2.deleteAll();
			killLeft(ctx, 'pm2', files);
		}
	});

	await ctx.withPeer('supervisord', row, async supervisord => repeat(runs, async index => {
		const files = prepare(ctx, 'supervisord', index);
		const instance = await supervisord.launch(`stop-grandchildren-${index}`, names.map(name => ({name, command: files.script})));
		try {
			await allStarted(files);
			return await timeStop(files, () => instance.ctl(['stop', 'all']));
		} finally {
			await instance.shutdown();
			killLeft(ctx, 'supervisord', files);
		}
	}));

	return [row, cliRow];
}
