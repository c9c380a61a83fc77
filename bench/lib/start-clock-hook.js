/**
Loaded with `node --import` before `dist/cli.js`: records the wall clock (ns, like `date +%s%N`)
at every `ProcessPilot#start()` call into $PILOT_BENCH_START_CLOCK, so the cold start of the real
CLI (headless or with the TUI loaded) is measured from the start call, as for the engine.
*/
import {appendFileSync} from 'node:fs';
import {ProcessPilot} from '../../dist/index.js';

const file = process.env.PILOT_BENCH_START_CLOCK;
const {start} = ProcessPilot.prototype;
if (file) {
	ProcessPilot.prototype.start = function (...args) {
		const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
		appendFileSync(file, `${ns}\n`);
		return start.apply(this, args);
	};
}
