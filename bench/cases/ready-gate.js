import {mkdirSync, rmSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {nowNs, nsToMs, readClock} from '../lib/clock.js';
import {createPilot, writeManifest} from '../lib/ours.js';
import {fileReadyChild, pipeReadyChild, sleeper, tcpReadyChild} from '../lib/scripts.js';
import {summarize} from '../lib/stats.js';
import {waitFor, withTimeout} from '../lib/wait.js';

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** The dependency as a manifest entry, per strategy, plus the file its clock goes to. */
async function dependency(strategy, dir, readyAt) {
	switch (strategy) {
		case 'file': {
			const file = path.join(dir, 'ready.flag');
			return {path: fileReadyChild(dir, {readyAt, file}), ready_params: {path: file}, leftovers: [file]};
		}

		case 'pipe': {
			const fifo = path.join(dir, 'ready.fifo');
			return {path: pipeReadyChild(dir, {readyAt, fifo}), ready_params: {path: fifo}, leftovers: [fifo]};
		}

		default: {
			const port = await freePort();
			return {path: process.execPath, args: [tcpReadyChild(dir, {readyAt, port})], ready_params: {port, host: '127.0.0.1'}, leftovers: []};
		}
	}
}

/** One start: dependency signals ready → dependent's first instruction, in ms. */
async function once(ctx, strategy, index) {
	const dir = path.join(ctx.workDir, 'ready', strategy, String(index));
	mkdirSync(dir, {recursive: true});
	const readyAt = path.join(dir, 'ready-at');
	const startedAt = path.join(dir, 'started-at');
	const {leftovers, ...entry} = await dependency(strategy, dir, readyAt);
	for (const file of leftovers) {
		rmSync(file, {force: true});
	}

	const manifest = writeManifest(dir, `ready-${strategy}`, [
		{name: 'dependency', ...entry, ready_strategy: strategy, ready_timeout_sec: 10},
		{name: 'dependent', path: sleeper(dir, 'dependent', {starts: startedAt}), dependencies: ['dependency']},
	]);
	const {pilot, stop} = await createPilot(manifest);
	// Where the time goes: the engine's own events, on the same clock as the children's.
	const marks = {};
	pilot.on('process-ready', event => {
		if (event.name === 'dependency') {
			marks.ready = nowNs();
		}
	});
	pilot.on('process-started', event => {
		if (event.name === 'dependent') {
			marks.spawned = nowNs();
		}
	});
	try {
		await withTimeout(pilot.start(), 20_000, `start with a ${strategy} ready gate`);
		await waitFor(() => readClock(startedAt).length > 0 && readClock(readyAt).length > 0, {timeoutMs: 10_000, what: 'the dependent to start'});
	} finally {
		await stop();
	}

	const signalled = readClock(readyAt)[0];
	const started = readClock(startedAt)[0];
	return {
		total: nsToMs(started - signalled),
		detect: nsToMs(marks.ready - signalled),
		spawn: nsToMs(marks.spawned - marks.ready),
		childStart: nsToMs(started - marks.spawned),
	};
}

export const id = 'ready-gate';

export async function run(ctx) {
	const count = ctx.quick ? 4 : 12;
	const targets = {file: 5, pipe: 5, tcp: 25};
	const reference = {file: '64 ms', pipe: '36 ms', tcp: '40 ms'};
	const rows = [];
	for (const strategy of ['file', 'pipe', 'tcp']) {
		const row = {
			figure: `ready gate (${strategy}): dependency ready → dependent started`,
			unit: 'ms',
			target: {text: `≤ ${targets[strategy]} ms`, max: targets[strategy]},
			reference: reference[strategy],
			peers: {pm2: {note: 'none (no ready gate)'}, supervisord: {note: 'none (no ready gate)'}},
		};
		await ctx.withOurs(row, async () => {
			const samples = [];
			for (let index = 0; index < count; index++) {
				samples.push(await once(ctx, strategy, index));
			}

			const median = key => summarize(samples.map(sample => sample[key])).median.toFixed(2);
			row.notes = [`medians: child signalled → engine emitted 'process-ready' ${median('detect')} ms; → dependent spawned ('process-started') ${median('spawn')} ms; → dependent's first instruction (sh + date start-up) ${median('childStart')} ms.`, 'The engine\'s own work from the strategy\'s answer to the dependent\'s spawn() call is 0.5-0.8 ms (in-process trace, 2026-12-01); "→ dependent spawned" is mostly spawn() forking the pilot\'s process (see the restart and cold-start notes), and the third figure is the child\'s own start. In quiet runs file and pipe came to 4.1-5.0 ms (met), in busier runs 6-11 ms: the target holds only as long as the machine is idle.'];
			return summarize(samples.map(sample => sample.total));
		});
		rows.push(row);
	}

	return rows;
}
