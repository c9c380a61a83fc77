import {killLeftovers} from '../lib/leftovers.js';
import {cliPath} from '../lib/ours.js';
import {childPids} from '../lib/procfs.js';
import {run as runCommand, shellQuote, spawnTracked, stopPid} from '../lib/spawn.js';
import {summarize} from '../lib/stats.js';
import {withTimeout} from '../lib/wait.js';
import {oursManifest, prepare} from './idle.js';

const tableHeader = /NAME\s+STATE/;
// CSI and OSC sequences, so the header is found in the text Ink draws.
const escapes = /\u001B\[[\d;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[()][\dA-Z]|\u001B[=>78]/g;

/** ms from launching `pilot-tui <manifest>` on a 120x40 pty (util-linux `script`) to the table header on screen. */
async function once(ctx, manifest) {
	// The program itself, as users run it (its shell launcher execs node with the CLI's flags).
	const command = `stty cols 120 rows 40; exec ${shellQuote(cliPath())} ${shellQuote(manifest)}`;
	const t0 = performance.now();
	const handle = spawnTracked('script', ['-qfec', command, '/dev/null'], {stdio: ['ignore', 'pipe', 'pipe']});
	let text = '';
	try {
		return await withTimeout(new Promise((resolve, reject) => {
			handle.child.stdout.on('data', chunk => {
				const at = performance.now();
				text = (text + chunk.toString('utf8')).slice(-20_000);
				if (tableHeader.test(text.replace(escapes, ''))) {
					resolve(at - t0);
				}
			});
			handle.exited.then(() => reject(new Error(`pilot-tui exited before drawing the table: ${text.replace(escapes, '').trim().slice(-300)}`)));
		}), 20_000, 'the first frame');
	} finally {
		for (const pid of childPids(handle.pid)) {
			await stopPid(pid);
		}

		await handle.stop();
	}
}

export const id = 'first-frame';

export async function run(ctx) {
	const samples = [];
	for (let index = 0; index < (ctx.quick ? 2 : 6); index++) {
		const files = prepare(ctx, `first-frame-${index}`);
		try {
			samples.push(await once(ctx, oursManifest(files)));
		} finally {
			ctx.noteLeftovers('ours', killLeftovers(files.pids));
		}
	}

	// The floor of the same moment: node starting and exiting with nothing to do (machine load shows here too).
	const bare = [];
	for (let index = 0; index < 3; index++) {
		const t0 = performance.now();
		await runCommand(process.execPath, ['-e', '0']);
		bare.push(performance.now() - t0);
	}

	return [{
		notes: [
			`Floor in the same run: \`node -e 0\` (start and exit, nothing loaded) takes ${summarize(bare).median.toFixed(0)} ms median; the first frame loads the bundle (ink, react, yoga's wasm, zod, yaml), validates the manifest and lays out the table on top of that; the children are started after the frame is drawn.`,
			'Where the time goes (main-thread CPU profile of one start, 2026-12-01): Node\'s own start ~45 ms, Node\'s built-in modules the pilot needs (child_process, net, http, crypto) ~35 ms, reading and compiling the bundle ~55 ms, the manifest (yaml, then zod, all code still cold) ~40 ms, Ink, React and yoga set up ~40 ms, the first render ~100 ms (React\'s first pass and Ink\'s output stage, cold). Taken out this round, each measured in the profile: meow\'s package.json normalization (spdx licence lookups with ICU collation, ~30 ms), yoga\'s WebAssembly decoded from base64 through fetch()/undici on the main thread (~60 ms), string-width\'s emoji regular expression (~25 ms, now loaded only when a text needs it), React\'s development build and zod\'s 50 locales (half the code to compile), and the UI\'s code now loads while the manifest is read. What is left is mostly cold code; Node 20 has no compile cache for ES modules (module.enableCompileCache came with Node 22), and a V8 code cache through vm.Script would need the bundle rebuilt as one CommonJS file without top-level await (yoga\'s loader): not done.',
		],
		figure: 'first frame: command start → table header on screen (50 processes, 120x40 pty)',
		unit: 'ms',
		target: {text: '≤ 300 ms', max: 300},
		ours: summarize(samples),
		peers: {pm2: {note: 'not measured'}, supervisord: {note: 'none (no live view)'}},
	}];
}
