/**
Loaded with `node --import` before `dist/cli.js`: records the wall clock (ns, like `date +%s%N`)
at every `ProcessPilot#start()` call into $PILOT_BENCH_START_CLOCK, so the cold start of the real
CLI (headless or with the TUI loaded) is measured from the start call, as for the engine.
*/
import {appendFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

// The run's dist snapshot (the same modules the CLI will load), else the project's dist/.
const dist = process.env.PILOT_BENCH_DIST ?? new URL('../../dist', import.meta.url).pathname;
const {ProcessPilot} = await import(pathToFileURL(path.join(dist, 'index.js')).href);

const file = process.env.PILOT_BENCH_START_CLOCK;
const {start} = ProcessPilot.prototype;
if (file) {
	ProcessPilot.prototype.start = function (...args) {
		const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
		appendFileSync(file, `${ns}\n`);
		return start.apply(this, args);
	};
}
