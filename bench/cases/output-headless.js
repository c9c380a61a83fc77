import {chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {readClock, nsToMs} from '../lib/clock.js';
import {cliPath, writeManifest} from '../lib/ours.js';
import {cpuTicks, clockTicks} from '../lib/procfs.js';
import {run as runCommand, shellQuote, spawnTracked} from '../lib/spawn.js';
import {single} from '../lib/stats.js';
import {waitFor} from '../lib/wait.js';

// Issue 16: a child writing 1,000,000 lines of 100 bytes (`yes | head`), with `pilot-tui --no-tui`
// printing them to a file (`> out`): how long until the child is done, and whether every line arrived.
const lineCount = 1_000_000;
const payload = 'x'.repeat(99);

function prepare(ctx, who) {
	const dir = path.join(ctx.workDir, 'output-headless', who);
	mkdirSync(dir, {recursive: true});
	const files = {dir, start: path.join(dir, 'start'), end: path.join(dir, 'end'), out: path.join(dir, 'out.log')};
	const script = path.join(dir, 'writer');
	writeFileSync(script, `#!/bin/sh\ndate +%s%N > ${shellQuote(files.start)}\nyes ${payload} | head -n ${lineCount}\ndate +%s%N > ${shellQuote(files.end)}\n`);
	chmodSync(script, 0o755);
	return {...files, script};
}

/** Lines of `file` that end with the payload (a supervisor's own lines do not count). */
function countPayloadLines(file) {
	if (!existsSync(file)) {
		return 0;
	}

	let lines = 0;
	const buffer = Buffer.alloc(1 << 20);
	const fd = openSync(file, 'r');
	try {
		let previous = 0;
		for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
			for (let index = buffer.indexOf(10); index !== -1 && index < read; index = buffer.indexOf(10, index + 1)) {
				if ((index > 0 ? buffer[index - 1] : previous) === 120) {
					lines++;
				}
			}

			previous = buffer[read - 1];
		}
	} finally {
		closeSync(fd);
	}

	return lines;
}

/** The child's own time (first line to last), the supervisor's CPU meanwhile and until the output is complete, the lines that arrived. */
async function measure(files, file, supervisorPid, failure) {
	await waitFor(() => readClock(files.start).length > 0, {timeoutMs: 60_000, intervalMs: 2, what: 'the writer to start', failure});
	const ticksBefore = cpuTicks(supervisorPid);
	await waitFor(() => readClock(files.end).length > 0, {timeoutMs: 300_000, intervalMs: 10, what: 'the writer to finish', failure});
	const wallMs = nsToMs(readClock(files.end)[0] - readClock(files.start)[0]);
	let lines = 0;
	let still = 0;
	await waitFor(() => {
		const now = countPayloadLines(file);
		still = now === lines ? still + 1 : 0;
		lines = now;
		return lines >= lineCount || still >= 10;
	}, {timeoutMs: 120_000, intervalMs: 300, what: 'the output to be complete'});
	const cpuSeconds = (cpuTicks(supervisorPid) - ticksBefore) / clockTicks();
	return {wallMs, cpuSeconds, lines};
}

export const id = 'output-headless';

export async function run(ctx) {
	const wall = {
		figure: `output throughput: a child writing ${lineCount.toLocaleString('en')} lines of 100 bytes (\`yes | head\`), time until it is done; ours: \`pilot-tui --no-tui > file\``,
		unit: 'ms',
		issue: {pm2: '0.96 s', supervisord: '0.32 s'},
		peers: {},
	};
	const cpu = {figure: 'output throughput: supervisor CPU (child start → output complete)', unit: 's', peers: {}};
	const present = {figure: `output throughput: lines that arrived (of ${lineCount.toLocaleString('en')})`, unit: 'lines', target: {text: `${lineCount.toLocaleString('en')}`, min: lineCount}, peers: {}};
	const floor = {figure: 'floor: the same child writing straight to a file (no supervisor)', unit: 'ms', peers: {}};
	const record = (who, result) => {
		const put = (row, value) => {
			if (who === 'ours') {
				row.ours = single(value);
			} else {
				row.peers[who] = single(value);
			}
		};

		put(wall, result.wallMs);
		put(cpu, result.cpuSeconds);
		put(present, result.lines);
	};

	const floorFiles = prepare(ctx, 'floor');
	await runCommand('sh', ['-c', `${shellQuote(floorFiles.script)} > ${shellQuote(floorFiles.out)}`], {timeoutMs: 120_000});
	floor.ours = single(nsToMs(readClock(floorFiles.end)[0] - readClock(floorFiles.start)[0]));

	await ctx.withOurs(wall, async () => {
		const files = prepare(ctx, 'ours');
		const manifest = writeManifest(files.dir, 'output-headless', [{name: 'writer', path: files.script, shutdown_strategy: 'do_not_restart'}]);
		const out = openSync(files.out, 'w');
		const cli = spawnTracked(process.execPath, [cliPath(), manifest, '--no-tui'], {stdio: ['ignore', out, 'pipe'], graceMs: 8000});
		closeSync(out);
		let exit;
		cli.exited.then(info => {
			exit = info;
		});
		try {
			record('ours', await measure(files, files.out, cli.pid, () => exit && `pilot-tui exited (${exit.signal ?? exit.code}): ${cli.stderr().trim().split('\n').pop() ?? ''}`));
			return wall.ours;
		} finally {
			await cli.stop();
		}
	});

	await ctx.withPeer('pm2', wall, async pm2 => {
		const files = prepare(ctx, 'pm2');
		await pm2.start(pm2.writeEcosystem('output-headless', [{name: 'writer', script: files.script, autorestart: false, out_file: files.out, error_file: path.join(files.dir, 'err.log')}]));
		try {
			record('pm2', await measure(files, files.out, pm2.daemonPid()));
			return wall.peers.pm2;
		} finally {
			await pm2.deleteAll();
		}
	});

	await ctx.withPeer('supervisord', wall, async supervisord => {
		const files = prepare(ctx, 'supervisord');
		const instance = await supervisord.launch('output-headless', [{name: 'writer', command: files.script, options: {
			autorestart: 'false', stdout_logfile: files.out, stdout_logfile_maxbytes: '0', stderr_logfile: path.join(files.dir, 'err.log'),
		}}]);
		try {
			record('supervisord', await measure(files, files.out, instance.pid));
			return wall.peers.supervisord;
		} finally {
			await instance.shutdown();
		}
	});

	for (const name of ['pm2', 'supervisord']) {
		if (wall.peers[name]?.note) {
			cpu.peers[name] = wall.peers[name];
			present.peers[name] = wall.peers[name];
		}
	}

	const supervisordMs = wall.peers.supervisord?.median;
	if (supervisordMs !== undefined) {
		wall.target = {text: `≤ supervisord's time (${(supervisordMs / 1000).toFixed(2)} s)`, max: supervisordMs};
	}

	wall.notes = ['Ours prints `writer | <line>` for every line to its stdout, a file; PM2 and supervisord write the child\'s bytes to their log file (out_file; stdout_logfile, maxbytes 0). Time is the child\'s own clock, from its start to the end of `yes | head` (the pipe drained into the supervisor). CPU is the supervisor process (PM2: its daemon) from the child\'s start until every line is in the file.',
		'Why ours is above supervisord: supervisord copies the child\'s bytes to its file; ours reads each chunk as text, checks it for control characters (memchr per control byte), counts its lines and puts the `name | ` prefix before each. The child is slowed only while the pilot is busy, so the child\'s time follows our CPU. Writing the headless output once per event-loop turn instead of once per line took the CPU from 4.2 s to 1.8-1.9 s on this machine; handling the lines of one read together and finding control characters with memchr took it from 1.2-1.5 s to 0.9-1.0 s. Then lines in blocks (issue 16): the whole lines of one read travel as one string (no string or object per line), the prefix goes in with one replace per read, the ring buffers keep the chunk\'s bytes (off the JS heap: lines held as strings were copied by every young-generation GC) and make line objects only when read, ASCII chunks are read as Latin-1: 0.9-1.1 s to 0.6-0.8 s in the same minutes, the child\'s time about 1.5 s to 0.8-1.3 s on a loaded machine. What is left is per byte or inside V8 per line (the replace, the line count, the control check, encoding the text again), and the GC of the chunk strings.'];
	return [wall, cpu, present, floor];
}
