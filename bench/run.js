#!/usr/bin/env node
// The benchmark suite (issue 7): `npm run bench` builds, then runs every case against PM2 and
// supervisord in the same run and writes bench/RESULTS.md. `--quick` for fewer samples.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {installSignalHandlers, onCleanup, runCleanup} from './lib/cleanup.js';
import {snapshotDist} from './lib/dist.js';
import {renderReport, renderTable} from './lib/report.js';
import {Pm2} from './peers/pm2.js';
import {Supervisord} from './peers/supervisord.js';
import * as coldStart from './cases/cold-start.js';
import * as controlStop from './cases/control-stop.js';
import * as dependencyChain from './cases/dependency-chain.js';
import * as firstFrame from './cases/first-frame.js';
import * as idle from './cases/idle.js';
import * as liveView from './cases/live-view.js';
import * as logThroughput from './cases/log-throughput.js';
import * as outputHeadless from './cases/output-headless.js';
import * as logReady from './cases/log-ready.js';
import * as readyGate from './cases/ready-gate.js';
import * as restart from './cases/restart.js';
import * as statsSampling from './cases/stats-sampling.js';
import * as statsTick from './cases/stats-tick.js';
import * as stopAll from './cases/stop-all.js';
import * as stopGrandchildren from './cases/stop-grandchildren.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const cases = [restart, readyGate, logReady, dependencyChain, statsTick, coldStart, firstFrame, stopAll, stopGrandchildren, controlStop, idle, statsSampling, liveView, logThroughput, outputHeadless];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const noPeers = args.includes('--no-peers');
const only = args.find(arg => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const output = args.find(arg => arg.startsWith('--output='))?.slice('--output='.length) ?? path.join(benchDir, 'RESULTS.md');
// The whole run stays under 10 minutes (--budget=SECONDS to change it, e.g. for a run in the
// background): cases not begun by then are skipped, a watchdog ends the rest.
const budgetSeconds = Number(args.find(arg => arg.startsWith('--budget='))?.slice('--budget='.length) ?? 540);
const budgetMs = budgetSeconds * 1000;
const watchdogMs = budgetMs + 36_000;

const startedAt = new Date();
const load = {start: os.loadavg()[0]};
const problems = [];
const log = text => process.stderr.write(`${text}\n`);
const problem = text => {
	problems.push(text);
	log(`  ! ${text}`);
};

const rows = [];
const leftovers = {};
const peerInfo = {};
let isFinished = false;

async function finish(code) {
	if (isFinished) {
		return;
	}

	isFinished = true;
	const swept = await runCleanup(problem);
	const seconds = (Date.now() - startedAt.getTime()) / 1000;
	writeFileSync(output, renderReport({rows, peerInfo, startedAt, seconds, quick, leftovers, swept, log: problems, load}));
	log(`\n${renderTable(rows, peerInfo)}\n\nwrote ${path.relative(process.cwd(), output)} (${Math.round(seconds)} s)`);
	process.exitCode = code;
}

async function setUpPeers(workDir) {
	const cacheDir = path.join(benchDir, '.tmp', 'peers');
	const peers = {pm2: new Pm2({cacheDir, workDir}), supervisord: new Supervisord({workDir})};
	const ready = {};
	for (const [name, peer] of Object.entries(peers)) {
		if (noPeers) {
			peerInfo[name] = {note: 'skipped (--no-peers)'};
			continue;
		}

		try {
			await peer.install(log);
			if (name === 'pm2') {
				await peer.startDaemon();
			}

			ready[name] = peer;
			peerInfo[name] = {version: peer.version};
		} catch (error) {
			peerInfo[name] = {note: `skipped: ${error.message}`};
			problem(`${name} skipped: ${error.message}`);
		}
	}

	return ready;
}

async function main() {
	installSignalHandlers(log);
	mkdirSync(path.join(benchDir, '.tmp'), {recursive: true});
	snapshotDist();
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'pilot-bench-'));
	if (!keep) {
		onCleanup('work folder', () => rmSync(workDir, {recursive: true, force: true}));
	}

	const watchdog = setTimeout(() => {
		problem('watchdog: the run passed its time budget; cleaning up and writing what was measured');
		void finish(1).then(() => process.exit(1));
	}, watchdogMs);
	watchdog.unref();

	const peers = await setUpPeers(workDir);
	const ctx = {
		workDir,
		quick,
		idleSeconds: quick ? 5 : 30,
		settleMs: quick ? 1000 : 12_000,
		log,
		noteLeftovers(who, count) {
			if (count > 0) {
				leftovers[who] = (leftovers[who] ?? 0) + count;
			}
		},
		/** Run our measurement; on failure the row shows the error and the peers are still measured. */
		async withOurs(row, measure) {
			try {
				row.ours = await measure();
			} catch (error) {
				row.error = error.message;
				problem(`${row.figure} / ours: ${error.message}`);
			}
		},
		async withPeer(name, row, measure) {
			row.peers ??= {};
			const peer = peers[name];
			if (!peer) {
				row.peers[name] = {note: peerInfo[name]?.note ?? 'skipped'};
				return;
			}

			try {
				row.peers[name] = await measure(peer);
			} catch (error) {
				row.peers[name] = {note: `failed: ${error.message}`};
				problem(`${row.figure} / ${name}: ${error.message}`);
			}
		},
	};

	for (const benchCase of cases) {
		if (only && !only.includes(benchCase.id)) {
			continue;
		}

		if (Date.now() - startedAt.getTime() > budgetMs) {
			problem(`${benchCase.id}: skipped, the run is out of time`);
			continue;
		}

		log(`${benchCase.id} ...`);
		const caseStart = Date.now();
		try {
			rows.push(...await benchCase.run(ctx));
		} catch (error) {
			rows.push({figure: benchCase.id, error: error.message, peers: {}});
			problem(`${benchCase.id}: ${error.message}`);
		}

		log(`  done in ${((Date.now() - caseStart) / 1000).toFixed(1)} s`);
	}

	if (peers.pm2) {
		await peers.pm2.kill();
	}
}

main().then(
	() => finish(0),
	error => {
		problem(error.message);
		return finish(1);
	},
);
