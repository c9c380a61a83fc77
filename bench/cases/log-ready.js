import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {nowNs, nsToMs, readClock} from '../lib/clock.js';
import {createPilot, writeManifest} from '../lib/ours.js';
import {summarize} from '../lib/stats.js';
import {withTimeout} from '../lib/wait.js';

/** A child that writes its clock, then at once prints the line the `log` strategy waits for. */
function logReadyChild(dir, readyAt) {
	const file = path.join(dir, 'log-ready.mjs');
	writeFileSync(file, [
		'import {appendFileSync} from \'node:fs\';',
		'console.log(\'booting\');',
		'setTimeout(() => {',
		'  const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;',
		`  appendFileSync(${JSON.stringify(readyAt)}, ns + '\\n');`,
		'  console.log(\'server accepting connections on port 5432\');',
		'}, 50);',
		'setInterval(() => {}, 1 << 30);',
	].join('\n') + '\n');
	return file;
}

/** One start: the child prints the line → the engine emits 'process-ready', in ms. */
async function once(ctx, index) {
	const dir = path.join(ctx.workDir, 'log-ready', String(index));
	mkdirSync(dir, {recursive: true});
	const readyAt = path.join(dir, 'ready-at');
	const manifest = writeManifest(dir, 'log-ready', [{
		name: 'db',
		path: process.execPath,
		args: [logReadyChild(dir, readyAt)],
		ready_strategy: 'log',
		ready_params: {pattern: 'accepting connections'},
		ready_timeout_sec: 10,
	}]);
	const {pilot, stop} = await createPilot(manifest);
	let readyNs;
	let capturedNs;
	pilot.on('process-ready', () => {
		readyNs = nowNs();
	});
	pilot.on('log', line => {
		if (capturedNs === undefined && line.text.includes('accepting connections')) {
			capturedNs = nowNs();
		}
	});
	try {
		await withTimeout(pilot.start(), 20_000, 'start with a log ready strategy');
	} finally {
		await stop();
	}

	const printedNs = readClock(readyAt)[0];
	return {total: nsToMs(readyNs - printedNs), capture: nsToMs(capturedNs - printedNs), react: nsToMs(readyNs - capturedNs)};
}

export const id = 'log-ready';

export async function run(ctx) {
	const count = ctx.quick ? 4 : 12;
	const row = {
		figure: 'log ready latency: line printed → process ready',
		unit: 'ms',
		target: {text: '≤ 10 ms', max: 10},
		reference: 'n/a (new)',
		peers: {pm2: {note: 'none (no log ready)'}, supervisord: {note: 'none (no log ready)'}},
	};
	await ctx.withOurs(row, async () => {
		const samples = [];
		for (let index = 0; index < count; index++) {
			samples.push(await once(ctx, index));
		}

		const median = key => summarize(samples.map(sample => sample[key])).median.toFixed(2);
		// The strategy's own part is `react`; `capture` is the pipe and the scheduler, which a loaded machine stretches.
		row.notes = [`medians: line printed → captured (the 'log' event) ${median('capture')} ms; → 'process-ready' ${median('react')} ms.`];
		return summarize(samples.map(sample => sample.total));
	});
	return [row];
}
