import {spawn} from 'node:child_process';
import {onCleanup} from '../lib/cleanup.js';
import {importDist} from '../lib/dist.js';
import {killGroup} from '../lib/spawn.js';
import {summarize} from '../lib/stats.js';
import {sleep} from '../lib/wait.js';

const groups = 200;

/** CPU ms (user + system, every thread of this process) one `sample()` over 200 process groups costs. */
export const id = 'stats-tick';

export async function run(ctx) {
	const {GroupStatsSampler} = await importDist('pilot', 'os', 'procfs', 'group-stats.js');
	const children = [];
	const killAll = () => {
		for (const child of children) {
			killGroup(child.pid, 'SIGKILL');
		}
	};

	const unregister = onCleanup('stats-tick sleepers', killAll);
	try {
		for (let index = 0; index < groups; index++) {
			const child = spawn('sleep', ['100000'], {detached: true, stdio: 'ignore'});
			child.on('error', () => {});
			children.push(child);
		}

		await sleep(300);
		const pgids = children.map(child => child.pid);
		const sampler = new GroupStatsSampler();
		const cpu = [];
		const wall = [];
		let first;
		for (let tick = 0; tick < (ctx.quick ? 6 : 21); tick++) {
			const before = process.cpuUsage();
			const start = performance.now();
			const result = await sampler.sample(pgids);
			const elapsed = performance.now() - start;
			const used = process.cpuUsage(before);
			const cpuMs = (used.user + used.system) / 1000;
			if (result.size !== groups) {
				throw new Error(`sample() returned ${result.size} groups of ${groups}`);
			}

			if (tick === 0) {
				first = {cpuMs, elapsed};
			} else {
				cpu.push(cpuMs);
				wall.push(elapsed);
			}

			await sleep(100);
		}

		const wallSummary = summarize(wall);
		return [{
			figure: `stats tick: one GroupStatsSampler.sample() over ${groups} process groups, CPU`,
			unit: 'ms',
			target: {text: '≤ 10 ms', max: 10},
			ours: summarize(cpu),
			peers: {pm2: {note: 'not comparable'}, supervisord: {note: 'no stats'}},
			notes: [`Stats tick wall time median ${wallSummary.median.toFixed(2)} ms; first tick (cold) ${first.cpuMs.toFixed(2)} ms CPU.`],
		}];
	} finally {
		killAll();
		unregister();
	}
}
