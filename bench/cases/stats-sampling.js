import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {readClock} from '../lib/clock.js';
import {measureCpu} from '../lib/cpu.js';
import {killLeftovers} from '../lib/leftovers.js';
import {startCli, writeManifest} from '../lib/ours.js';
import {sleeper} from '../lib/scripts.js';
import {single} from '../lib/stats.js';
import {sleep, waitFor} from '../lib/wait.js';

const count = 200;

/** The headless pilot's CPU over a window, with `count` sleeping children; `top` goes into the manifest. */
async function measure(ctx, who, top) {
	const dir = path.join(ctx.workDir, 'stats-sampling', who);
	mkdirSync(dir, {recursive: true});
	const files = {starts: path.join(dir, 'starts'), pids: path.join(dir, 'pids')};
	const script = sleeper(dir, 'sleeper', files);
	const manifest = writeManifest(dir, 'stats', Array.from({length: count}, (_, index) => ({name: `s-${String(index).padStart(3, '0')}`, path: script})), top);
	const cli = startCli(manifest);
	try {
		await waitFor(() => readClock(files.starts).length >= count, {timeoutMs: 60_000, intervalMs: 50, what: `${count} children to start`, failure: cli.failure});
		await sleep(ctx.settleMs);
		const [sample] = await measureCpu([cli.pid], ctx.idleSeconds);
		return sample;
	} finally {
		await cli.stop();
		ctx.noteLeftovers('ours', killLeftovers(files.pids));
	}
}

export const id = 'stats-sampling';

/** What sampling stats every second costs a headless pilot that serves them (control server on). */
export async function run(ctx) {
	const row = {
		figure: `stats sampling alone: headless pilot with the control server on, ${count} sleeping children, CPU over ${ctx.idleSeconds} s`,
		unit: '%',
		target: {text: '≤ 0.5 %', max: 0.5},
		issue: {pm2: '1.55 % (ours, round 1)'},
		peers: {pm2: {note: 'see the idle row'}, supervisord: {note: 'no stats'}},
		notes: [],
	};
	await ctx.withOurs(row, async () => {
		const sample = await measure(ctx, 'control-http', {control_server: 'http'});
		row.notes.push(`\`node dist/cli.js <manifest> --no-tui\` with \`control_server: http\` (so it samples every 1 s), RSS ${sample.rssMb.toFixed(1)} MB; the CPU is the pilot's utime+stime.`);
		return single(sample.cpuPercent);
	});
	if (!ctx.quick) {
		// The floor: the same pilot and children, no sampling (no control server, nobody reads stats).
		const floor = await measure(ctx, 'no-sampling', {}).catch(() => undefined);
		if (floor) {
			row.notes.push(`The same pilot without sampling (no control server): ${floor.cpuPercent.toFixed(3)} %. A sample reads /proc/<pid>/schedstat of each of the 200 groups' members through held descriptors, parsed from the bytes (statm too when the member used CPU): an idle group costs one read and no allocation. One pass over all of /proc for new members runs every 5 to 40 samples (stable membership backs off), and at the 40-sample gap while no member used CPU (only a member that ran can have forked). A row is written only when its rounded numbers or its history changed; idle rows fill their history from shared all-zero arrays. Above the floor are the samples (the stats tick row, once a second) and, for the first 30 s of each child, the rows rewritten as histories grow; both the floor and this row move by tenths of a percent with when V8's post-start garbage collections (the memory reducer) fall in the window`);
		}
	}

	return [row];
}
