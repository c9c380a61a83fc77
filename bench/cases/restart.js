import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {nowNs, nsToMs, pairGaps, readClock} from '../lib/clock.js';
import {createPilot, startCli, writeManifest} from '../lib/ours.js';
import {restartChild} from '../lib/scripts.js';
import {run as runCommand} from '../lib/spawn.js';
import {summarize} from '../lib/stats.js';
import {waitFor} from '../lib/wait.js';

const lifeSeconds = 0.2;

function prepare(ctx, who) {
	const dir = path.join(ctx.workDir, 'restart', who);
	mkdirSync(dir, {recursive: true});
	const files = {starts: path.join(dir, 'starts'), exits: path.join(dir, 'exits')};
	return {...files, script: restartChild(dir, {...files, lifeSeconds}), dir};
}

/** Let the supervisor restart the child until `count` gaps are logged, then stop it; the gaps in ms. */
async function collect(child, count, stop, perRestartMs, failure) {
	try {
		await waitFor(() => readClock(child.starts).length > count, {timeoutMs: count * perRestartMs + 15_000, intervalMs: 50, what: `${count} restarts`, failure});
	} finally {
		await stop();
	}

	return pairGaps(readClock(child.exits), readClock(child.starts)).slice(0, count);
}

/**
Where our restart time goes, from the engine's events in this process (same clock as the
children): child's last instruction → 'process-exited' → 'process-started' (spawn returned) →
the new child's first instruction. Medians in ms.
*/
async function breakdown(ctx, count) {
	const child = prepare(ctx, 'ours-engine');
	const manifest = writeManifest(child.dir, 'restart-engine', [{name: 'restarter', path: child.script, shutdown_strategy: 'restart', min_uptime_sec: 0.1, restart_delay_sec: 0}]);
	const {pilot, stop} = await createPilot(manifest);
	const exited = [];
	const spawned = [];
	pilot.on('process-exited', () => exited.push(nowNs()));
	pilot.on('process-started', () => spawned.push(nowNs()));
	await pilot.start();
	const exits = [];
	const starts = [];
	await collect(child, count, stop, 1000);
	exits.push(...readClock(child.exits));
	starts.push(...readClock(child.starts));
	const median = values => summarize(values).median.toFixed(2);
	const gap = (from, to) => (from === undefined || to === undefined ? Number.NaN : nsToMs(to - from));
	const detect = exits.map((exit, index) => gap(exit, exited[index]));
	const respawn = exits.map((_, index) => gap(exited[index], spawned[index + 1]));
	const childStart = exits.map((_, index) => gap(spawned[index + 1], starts[index + 1]));
	return `in-process engine, medians: child's last instruction → 'process-exited' ${median(detect)} ms (includes the child's own exit); → respawned ('process-started') ${median(respawn)} ms; → new child's first instruction ${median(childStart)} ms; total ${median(pairGaps(exits, starts))} ms.`;
}

export const id = 'restart';

export async function run(ctx) {
	const count = ctx.quick ? 8 : 30;
	const slowCount = ctx.quick ? 4 : 15;
	const row = {
		figure: 'restart: child exit → next start',
		unit: 'ms',
		target: {text: '≤ 5 ms', max: 5},
		reference: '105 ms (0.1 s poll)',
		issue: {pm2: '8.0 ms', supervisord: '1010 ms'},
		peers: {},
	};

	const floor = prepare(ctx, 'floor');
	await runCommand('sh', ['-c', `i=0; while [ $i -le ${count} ]; do '${floor.script}'; i=$((i+1)); done`], {timeoutMs: 120_000});
	const floorRow = {figure: 'floor: plain `while` shell loop re-running the child', unit: 'ms', reference: '2.1 ms (issue)', peers: {}, ours: summarize(pairGaps(readClock(floor.exits), readClock(floor.starts)))};
	// Issue 16: within 2× the floor of the same run (a loaded machine slows both alike).
	row.target = {text: `≤ 2× the floor (${(2 * floorRow.ours.median).toFixed(1)} ms) and ≥ 1.3× faster than PM2`, max: 2 * floorRow.ours.median};

	const ours = prepare(ctx, 'ours');
	const manifest = writeManifest(ours.dir, 'restart', [{name: 'restarter', path: ours.script, shutdown_strategy: 'restart', min_uptime_sec: 0.1, restart_delay_sec: 0}]);
	await ctx.withOurs(row, async () => {
		const cli = startCli(manifest);
		return summarize(await collect(ours, count, () => cli.stop(), 1000, cli.failure));
	});

	if (row.ours) {
		row.notes = [
			await breakdown(ctx, ctx.quick ? 8 : 20).catch(error => `breakdown failed: ${error.message}`),
			'Where "→ respawned" goes: the engine\'s own work from the exit event to the spawn() call is ~0.2 ms (in-process trace, median of 30 restarts, 2026-12-01; it was 0.9 ms); the rest is spawn() itself, which forks the pilot\'s whole process and waits for the exec (see the cold-start floor note: a fork costs more the more anonymous memory the forking process holds). The shell-loop floor forks a small shell; a supervisor in Node forks a ~50 MB process. Within 2× that floor needs a small spawner process that forks on the pilot\'s behalf (not built); in quiet runs the row came to 3.9-4.5 ms against a 2.2 ms floor (met), in busier ones 6-10 ms.',
		];
	}

	await ctx.withPeer('pm2', row, async pm2 => {
		const child = prepare(ctx, 'pm2');
		await pm2.start(pm2.writeEcosystem('restart', [{name: 'restarter', script: child.script}]));
		return summarize(await collect(child, count, () => pm2.deleteAll(), 1000));
	});

	await ctx.withPeer('supervisord', row, async supervisord => {
		const child = prepare(ctx, 'supervisord');
		const instance = await supervisord.launch('restart', [{name: 'restarter', command: child.script}]);
		const gaps = await collect(child, slowCount, () => instance.shutdown(), 2500);
		return summarize(gaps);
	});

	return [row, floorRow];
}
