/**
Loaded with `node --import` before `dist/cli.js`: records the wall clock (ns, like `date +%s%N`)
at every `ProcessPilot#start()` call into $PILOT_BENCH_START_CLOCK, so the cold start of the real
CLI (headless or with the TUI loaded) is measured from the start call, as for the engine. The
pilot publishes its start on the diagnostics channel `pilot-tui:start`, which works whether the
CLI is bundled or not.
*/
import {appendFileSync} from 'node:fs';
import diagnosticsChannel from 'node:diagnostics_channel';

const file = process.env.PILOT_BENCH_START_CLOCK;
if (file) {
	diagnosticsChannel.subscribe('pilot-tui:start', () => {
		const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
		appendFileSync(file, `${ns}\n`);
	});
}
