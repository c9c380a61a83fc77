// Soak benchmark: 100 processes under one pilot, a third of them crashing every second, for
// 10 minutes (SOAK_SECONDS or --seconds to change it). Records the pilot's RSS, heap, fd count,
// zombies and CPU at the start and at the end, prints a table and writes bench/SOAK.md.
// Run with `npm run bench:soak` (builds first); Linux only (reads /proc). Not part of npm test.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {cpuSeconds, fdCount, ownedBy, rssMb, zombiesOf} from './soak-proc.js';

const argument = name => {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? undefined : process.argv[index + 1];
};

const seconds = Number(argument('seconds') ?? process.env.SOAK_SECONDS ?? 600);
const total = Number(argument('processes') ?? process.env.SOAK_PROCESSES ?? 100);
const crashing = Math.round(total / 3);
// RSS settles (malloc arenas, V8 pages) over the first ~20 s: measure from there.
const warmupSeconds = Math.min(30, Math.max(20, seconds * 0.05));
const sampleEverySeconds = Math.max(5, Math.round(seconds / 20));
const rssLimitMb = 10;
// SOAK_QUIET=1: children print nothing, so the log buffers stay empty and only the engine's own memory shows.
const isQuiet = process.env.SOAK_QUIET === '1';
const here = path.dirname(new URL(import.meta.url).pathname);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function manifest() {
	const processes = [];
	for (let index = 0; index < total; index++) {
		processes.push(index < crashing
			// Up about a second (longer than min_uptime_sec), so each crash restarts at once: one crash a second each.
			? {name: `crash-${index}`, path: '/bin/sh', args: ['-c', isQuiet ? 'sleep 1; exit 1' : 'echo "up $$"; sleep 1; echo "crashing $$" >&2; exit 1'], min_uptime_sec: 0.5}
			: {name: `steady-${index}`, path: '/bin/sh', args: ['-c', isQuiet ? 'exec sleep 100000' : 'echo "up $$"; exec sleep 100000']});
	}

	return {processes};
}

class Pilot {
	constructor(manifestPath) {
		this.child = spawn(process.execPath, ['--expose-gc', path.join(here, 'soak-pilot.js'), manifestPath], {stdio: ['pipe', 'pipe', 'inherit']});
		this.pid = this.child.pid;
		this.waiters = [];
		createInterface({input: this.child.stdout}).on('line', line => {
			const message = JSON.parse(line);
			const index = this.waiters.findIndex(waiter => waiter.type === message.type);
			if (index !== -1) {
				this.waiters.splice(index, 1)[0].resolve(message);
			}
		});
	}

	next(type, timeoutMs = 60_000) {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`pilot: no '${type}' within ${timeoutMs / 1000}s`)), timeoutMs);
			this.waiters.push({type, resolve: message => {
				clearTimeout(timer);
				resolve(message);
			}});
		});
	}

	async usage() {
		const reply = this.next('usage');
		this.child.stdin.write('usage\n');
		return reply;
	}
}

async function sample(pilot, since) {
	const usage = await pilot.usage();
	const cpu = cpuSeconds(pilot.pid);
	return {t: (Date.now() - since) / 1000, rssMb: rssMb(pilot.pid), heapMb: usage.heapMb, fds: fdCount(pilot.pid), cpu, exits: usage.exits, logLines: usage.logLines ?? Number.NaN, states: usage.states, children: ownedBy(pilot.pid).length};
}

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function table(rows) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map(row => String(row[column]).length)));
	const line = row => `| ${row.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
	return [line(rows[0]), `|${widths.map(width => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main() {
	if (process.platform !== 'linux') {
		throw new Error('the soak benchmark reads /proc: Linux only');
	}

	const directory = mkdtempSync(path.join(os.tmpdir(), 'pilot-soak-'));
	const manifestPath = path.join(directory, 'soak.json');
	writeFileSync(manifestPath, JSON.stringify(manifest()));
	console.log(`soak: ${total} processes, ${crashing} crashing every second${isQuiet ? ' (quiet: no output)' : ''}, for ${seconds}s (warm-up ${warmupSeconds}s, a sample every ${sampleEverySeconds}s)`);
	const pilot = new Pilot(manifestPath);
	const launchedAt = Date.now();
	await pilot.next('ready', 120_000);

	// Zombies: any child of the pilot left unreaped for a second or more, watched every 250 ms.
	const zombieSince = new Map();
	const lingering = new Set();
	const zombieWatch = setInterval(() => {
		const now = Date.now();
		const zombies = zombiesOf(pilot.pid);
		for (const pid of zombies) {
			zombieSince.set(pid, zombieSince.get(pid) ?? now);
			if (now - zombieSince.get(pid) >= 1000) {
				lingering.add(pid);
			}
		}

		for (const pid of zombieSince.keys()) {
			if (!zombies.includes(pid)) {
				zombieSince.delete(pid);
			}
		}
	}, 250);

	await sleep(warmupSeconds * 1000);
	const since = Date.now();
	const samples = [await sample(pilot, since)];
	while (Date.now() - since < seconds * 1000) {
		await sleep(Math.min(sampleEverySeconds * 1000, seconds * 1000 - (Date.now() - since)));
		const next = await sample(pilot, since);
		const previous = samples.at(-1);
		next.cpuPercent = ((next.cpu - previous.cpu) / (next.t - previous.t)) * 100;
		samples.push(next);
		console.log(`  t=${fixed(next.t, 0)}s rss ${fixed(next.rssMb)} MB, heap ${fixed(next.heapMb)} MB, fds ${next.fds}, cpu ${fixed(next.cpuPercent)}%, exits ${next.exits}, children ${next.children}, lingering zombies ${lingering.size}`);
	}

	clearInterval(zombieWatch);
	const [first, last] = [samples[0], samples.at(-1)];
	const firstInterval = samples[1]?.cpuPercent ?? Number.NaN;
	const lastInterval = last.cpuPercent ?? Number.NaN;
	const overall = ((last.cpu - first.cpu) / (last.t - first.t)) * 100;
	const zombiesAtEnd = zombiesOf(pilot.pid).length;

	// Stop: everything must be gone.
	pilot.child.stdin.end();
	await pilot.next('stopped', 60_000);
	await sleep(2000);
	const leftovers = ownedBy(pilot.pid).length;
	rmSync(directory, {recursive: true, force: true});

	const rssGrowth = last.rssMb - first.rssMb;
	const rows = [
		['metric', 'start', 'end', 'change'],
		['RSS (MB, after GC)', fixed(first.rssMb), fixed(last.rssMb), fixed(rssGrowth)],
		['heap used (MB, after GC)', fixed(first.heapMb), fixed(last.heapMb), fixed(last.heapMb - first.heapMb)],
		['open fds', first.fds, last.fds, last.fds - first.fds],
		['pilot CPU (% of a core, first/last interval)', fixed(firstInterval), fixed(lastInterval), fixed(lastInterval - firstInterval)],
		['zombies (unreaped ≥ 1 s / at end)', 0, `${lingering.size} / ${zombiesAtEnd}`, ''],
		['live children', first.children, last.children, last.children - first.children],
		['exits handled (total)', first.exits, last.exits, last.exits - first.exits],
		['output lines kept (ring buffers)', first.logLines, last.logLines, last.logLines - first.logLines],
	];
	const isPassed = rssGrowth < rssLimitMb && lingering.size === 0 && zombiesAtEnd === 0 && leftovers === 0;
	const verdict = [
		`RSS growth ${fixed(rssGrowth)} MB (limit ${rssLimitMb} MB): ${rssGrowth < rssLimitMb ? 'ok' : 'FAILED'}`,
		`zombies: ${lingering.size === 0 && zombiesAtEnd === 0 ? 'none (ok)' : `${lingering.size} unreaped for ≥ 1 s, ${zombiesAtEnd} at the end: FAILED`}`,
		`pilot CPU over the whole run: ${fixed(overall)}% of one core`,
		`after stop: ${leftovers === 0 ? 'no process left (ok)' : `${leftovers} processes left: FAILED`}`,
	];
	const text = table(rows);
	console.log(`\n${text}\n\n${verdict.join('\n')}`);
	const trend = table([['t (s)', 'RSS MB', 'heap MB', 'fds', 'CPU %', 'exits', 'lines kept', 'children'], ...samples.map(row => [fixed(row.t, 0), fixed(row.rssMb), fixed(row.heapMb), row.fds, fixed(row.cpuPercent), row.exits, row.logLines, row.children])]);
	const cpus = os.cpus();
	if (isQuiet) {
		// A diagnostic variant: printed only, bench/SOAK.md keeps the standard run.
		return isPassed ? 0 : 1;
	}

	writeFileSync(path.join(here, 'SOAK.md'), `# Soak benchmark

\`npm run bench:soak\` (\`SOAK_SECONDS=60 npm run bench:soak\` for a short run). ${total} processes
(\`/bin/sh\` + \`sleep\`${isQuiet ? ', printing nothing' : ', each run printing a line or two'}), ${crashing} of them exiting with code 1 after about a second, restarted
at once each time (their runs outlast \`min_uptime_sec\`), for ${seconds} s after a ${warmupSeconds} s
warm-up. The pilot is \`bench/soak-pilot.js\` (the built engine, no UI) in a process of its own;
its RSS, fds, CPU and zombie children are read from /proc, its heap from \`process.memoryUsage()\`
after a forced GC. Requirement: RSS growth under ${rssLimitMb} MB and no zombie.

Run ${new Date().toISOString()} on ${os.hostname()}: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}, ${os.platform()} ${os.release()}; ${fixed((Date.now() - launchedAt) / 1000, 0)} s in all.

${text}

${verdict.map(line => `- ${line}`).join('\n')}

## Samples

${trend}
`);
	console.log('\nwritten: bench/SOAK.md');
	return isPassed ? 0 : 1;
}

main().then(code => {
	process.exitCode = code;
}, error => {
	console.error(`soak: ${error.message}`);
	process.exitCode = 1;
});
