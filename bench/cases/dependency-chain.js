import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {maxOf, minOf, nowNs, nsToMs, readClock} from '../lib/clock.js';
import {killLeftovers} from '../lib/leftovers.js';
import {createPilot, writeManifest} from '../lib/ours.js';
import {sleeper} from '../lib/scripts.js';
import {summarize} from '../lib/stats.js';
import {waitFor, withTimeout} from '../lib/wait.js';

const depth = 20;

/** One start of a 20-deep chain (each depends on the previous, no ready strategy): ms per level. */
async function once(ctx, index) {
	const dir = path.join(ctx.workDir, 'chain', String(index));
	mkdirSync(dir, {recursive: true});
	const files = {starts: path.join(dir, 'starts'), pids: path.join(dir, 'pids')};
	const script = sleeper(dir, 'link', files);
	const processes = Array.from({length: depth}, (_, level) => ({
		name: `level-${String(level).padStart(2, '0')}`,
		path: script,
		dependencies: level === 0 ? [] : [`level-${String(level - 1).padStart(2, '0')}`],
	}));
	const {pilot, stop} = await createPilot(writeManifest(dir, 'chain', processes));
	try {
		const t0 = nowNs();
		await withTimeout(pilot.start(), 30_000, 'start of the chain');
		await waitFor(() => readClock(files.starts).length >= depth, {timeoutMs: 10_000, what: 'every level to start'});
		const starts = readClock(files.starts);
		return {perLevel: nsToMs(maxOf(starts) - minOf(starts)) / (depth - 1), total: nsToMs(maxOf(starts) - t0)};
	} finally {
		await stop();
		ctx.noteLeftovers('ours', killLeftovers(files.pids));
	}
}

export const id = 'dependency-chain';

export async function run(ctx) {
	const row = {
		figure: `dependency chain ${depth} deep, no ready strategy: per level (first → last child started, ÷ ${depth - 1})`,
		unit: 'ms',
		target: {text: '≤ 5 ms per level', max: 5},
		peers: {pm2: {note: 'no dependencies'}, supervisord: {note: 'priority only, no dependencies'}},
		notes: [],
	};
	await ctx.withOurs(row, async () => {
		const results = [];
		for (let index = 0; index < (ctx.quick ? 2 : 6); index++) {
			results.push(await once(ctx, index));
		}

		const total = summarize(results.map(result => result.total));
		row.notes.push(`Chain: start call → last level started, median ${total.median.toFixed(1)} ms, p90 ${total.p90.toFixed(1)} ms.`);
		return summarize(results.map(result => result.perLevel));
	});
	return [row];
}
