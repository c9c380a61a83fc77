import {closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {writeManifest} from '../lib/ours.js';
import {distPath} from '../lib/dist.js';
import {spawnTracked} from '../lib/spawn.js';
import {cpuTicks, clockTicks} from '../lib/procfs.js';
import {single} from '../lib/stats.js';
import {waitFor} from '../lib/wait.js';

const lineCount = 1_000_000;

/** A child that writes `lineCount` lines of 100 bytes as fast as the pipe takes them, noting its start and end. */
function writeChild(dir) {
	const file = path.join(dir, 'writer.mjs');
	writeFileSync(file, `import {writeFileSync} from 'node:fs';
const [startFile, endFile] = process.argv.slice(2);
const count = ${lineCount};
const pad = 'x'.repeat(86);
writeFileSync(startFile, String(Date.now()));
let index = 0;
function more() {
	while (index < count) {
		let chunk = '';
		for (let n = 0; n < 1000 && index < count; n++, index++) {
			chunk += 'line ' + String(index).padStart(8, '0') + pad + '\\n';
		}
		if (!process.stdout.write(chunk)) {
			process.stdout.once('drain', more);
			return;
		}
	}
	process.stdout.end(() => {
		writeFileSync(endFile, String(Date.now()));
	});
}
more();
`);
	return file;
}

/** Newlines in every file of `dir` whose name starts with `prefix` (rotated parts included). */
function countLines(dir, prefix) {
	let lines = 0;
	const buffer = Buffer.alloc(1 << 20);
	for (const name of readdirSync(dir).filter(entry => entry.startsWith(prefix))) {
		const fd = openSync(path.join(dir, name), 'r');
		try {
			for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
				for (let index = buffer.indexOf(10); index !== -1 && index < read; index = buffer.indexOf(10, index + 1)) {
					lines++;
				}
			}
		} finally {
			closeSync(fd);
		}
	}

	return lines;
}

/**
Our pilot as a detached one runs: the engine with log files and no terminal output (the headless
CLI would also echo every line to its stdout, which neither peer does).
*/
function startOurs(dir, manifest) {
	const runner = path.join(dir, 'run-pilot.mjs');
	writeFileSync(runner, `import {ProcessManifest, ProcessPilot} from ${JSON.stringify(distPath('index.js'))};
const pilot = new ProcessPilot(ProcessManifest.fromFile(process.argv[2]));
process.once('SIGTERM', () => pilot.stop().then(() => process.exit(0)));
await pilot.start();
`);
	const handle = spawnTracked(process.execPath, [runner, manifest], {graceMs: 8000});
	let exit;
	handle.exited.then(info => {
		exit = info;
	});
	handle.failure = () => exit && `our pilot exited (${exit.signal ?? exit.code}): ${handle.stderr().trim().split('\n').pop() ?? ''}`;
	return handle;
}

function prepare(ctx, who) {
	const dir = path.join(ctx.workDir, 'log-throughput', who);
	const logs = path.join(dir, 'logs');
	mkdirSync(logs, {recursive: true});
	return {dir, logs, script: writeChild(dir), startFile: path.join(dir, 'start'), endFile: path.join(dir, 'end')};
}

/**
Wait for the child to start (then note the supervisor's CPU), to end (wall time from its own
clock), and for its lines to reach the log (or stop growing): one measurement of each figure.
*/
async function measure(files, supervisorPid, logPrefix, failure) {
	await waitFor(() => existsSync(files.startFile), {timeoutMs: 60_000, intervalMs: 2, what: 'the writer to start', failure});
	const ticksBefore = cpuTicks(supervisorPid());
	await waitFor(() => existsSync(files.endFile), {timeoutMs: 300_000, intervalMs: 20, what: 'the writer to finish', failure});
	const wallMs = Number(readFileSync(files.endFile, 'utf8')) - Number(readFileSync(files.startFile, 'utf8'));
	let lines = 0;
	let still = 0;
	await waitFor(() => {
		const now = countLines(files.logs, logPrefix);
		still = now === lines ? still + 1 : 0;
		lines = now;
		return lines >= lineCount || still >= 10;
	}, {timeoutMs: 120_000, intervalMs: 300, what: 'the log to be complete'});
	const cpuSeconds = (cpuTicks(supervisorPid()) - ticksBefore) / clockTicks();
	return {wallMs, cpuSeconds, lines};
}

export const id = 'log-throughput';

export async function run(ctx) {
	const wall = {figure: `log throughput: ${lineCount.toLocaleString('en')} lines of 100 bytes to log files, wall time until the child is done`, unit: 'ms', peers: {}};
	const cpu = {figure: 'log throughput: supervisor CPU while logging', unit: 's', peers: {}};
	const present = {figure: `log throughput: lines in the log (of ${lineCount.toLocaleString('en')})`, unit: 'lines', peers: {}};
	const record = (who, result) => {
		if (who === 'ours') {
			wall.ours = single(result.wallMs);
			cpu.ours = single(result.cpuSeconds);
			present.ours = single(result.lines);
		} else {
			wall.peers[who] = single(result.wallMs);
			cpu.peers[who] = single(result.cpuSeconds);
			present.peers[who] = single(result.lines);
		}
	};

	await ctx.withOurs(wall, async () => {
		const files = prepare(ctx, 'ours');
		const manifest = writeManifest(files.dir, 'log-throughput', [{name: 'writer', path: process.execPath, args: [files.script, files.startFile, files.endFile], shutdown_strategy: 'do_not_restart'}], {log_dir: files.logs, log_max_bytes: '1GB'});
		const cli = startOurs(files.dir, manifest);
		try {
			const result = await measure(files, () => cli.pid, 'writer.log', cli.failure);
			record('ours', result);
			return wall.ours;
		} finally {
			await cli.stop();
		}
	});

	await ctx.withPeer('pm2', wall, async pm2 => {
		const files = prepare(ctx, 'pm2');
		const out = path.join(files.logs, 'writer-out.log');
		await pm2.start(pm2.writeEcosystem('log-throughput', [{name: 'writer', script: process.execPath, args: [files.script, files.startFile, files.endFile], autorestart: false, out_file: out, error_file: path.join(files.logs, 'writer-err.log')}]));
		try {
			const result = await measure(files, () => pm2.daemonPid(), 'writer-out.log');
			record('pm2', result);
			return wall.peers.pm2;
		} finally {
			await pm2.deleteAll();
		}
	});

	await ctx.withPeer('supervisord', wall, async supervisord => {
		const files = prepare(ctx, 'supervisord');
		const instance = await supervisord.launch('log-throughput', [{name: 'writer', command: `${process.execPath} ${files.script} ${files.startFile} ${files.endFile}`, options: {
			autorestart: 'false', stdout_logfile: path.join(files.logs, 'writer.log'), stdout_logfile_maxbytes: '0', stderr_logfile: path.join(files.logs, 'writer-err.log'),
		}}]);
		try {
			const result = await measure(files, () => instance.pid, 'writer.log');
			record('supervisord', result);
			return wall.peers.supervisord;
		} finally {
			await instance.shutdown();
		}
	});

	cpu.peers = {...cpu.peers};
	present.peers = {...present.peers};
	for (const name of ['pm2', 'supervisord']) {
		if (wall.peers[name]?.note) {
			cpu.peers[name] = wall.peers[name];
			present.peers[name] = wall.peers[name];
		}
	}

	wall.notes = ['Each supervisor writes the child\'s stdout to its own log file and prints nothing (ours: the engine as a detached pilot runs it, with log_dir, text format with ISO time and stream, log_max_bytes 1GB; PM2: out_file; supervisord: stdout_logfile, maxbytes 0). Wall time is the child\'s own clock from its first write to the end of its stdout; CPU is the supervisor process from the child\'s start until the log is complete.'];
	return [wall, cpu, present];
}
