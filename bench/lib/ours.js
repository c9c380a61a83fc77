import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {stringify} from 'yaml';
import {onCleanup} from './cleanup.js';
import {distPath, importDist, root} from './dist.js';
import {nodeFlags} from '../../scripts/shell-launcher.js';
import {shellQuote, spawnTracked} from './spawn.js';

/** The built CLI (of the run's dist snapshot). */
export const cliPath = () => distPath('cli.js');

/** Write one of our manifests (snake_case keys, as users write them) and return its path. */
export function writeManifest(dir, name, processes, top = {}) {
	const file = path.join(dir, `${name}.yml`);
	writeFileSync(file, stringify({...top, processes}));
	return file;
}

let engine;

/** The engine as users import it: the built package entry. */
export async function loadEngine() {
	engine ??= await importDist('index.js');
	return engine;
}

/** A ProcessPilot over a manifest file in this process, stopped by the cleanup if the case does not. */
export async function createPilot(manifestFile, options = {}) {
	const {ProcessManifest, ProcessPilot} = await loadEngine();
	const manifest = ProcessManifest.fromFile(manifestFile, {strict: false});
	const pilot = new ProcessPilot(manifest, {logger: {level: 'silent'}, ...options});
	const unregister = onCleanup(`pilot for ${path.basename(manifestFile)}`, () => pilot.stop());
	return {
		pilot,
		async stop() {
			unregister();
			await pilot.stop();
		},
	};
}

/** `node <the launcher's flags> dist/cli.js <manifest> --no-tui` as its own process (how a user runs it headless). */
export function startCli(manifestFile, {env} = {}) {
	const handle = spawnTracked(process.execPath, [...nodeFlags, '--import', startClockHook, cliPath(), manifestFile, '--no-tui'], {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe'], graceMs: 8000});
	handle.child.stdout.resume();
	let exit;
	handle.exited.then(info => {
		exit = info;
	});
	/** Undefined while the CLI runs; after it exited, a message with its last error line. */
	handle.failure = () => exit && `pilot-tui exited (${exit.signal ?? exit.code}): ${handle.stderr().trim().split('\n').pop() ?? ''}`;
	return handle;
}

export const startClockHook = pathToFileURL(path.join(root, 'bench', 'lib', 'start-clock-hook.js')).href;

/**
The shell command that runs our CLI with the TUI (for tmux) as users run it: the program itself,
so its shell launcher sets node's flags; the start-call clock hook rides in NODE_OPTIONS.
*/
export function tuiCommand(manifestFile, env = {}) {
	const assignments = Object.entries({...env, NODE_OPTIONS: `--import=${startClockHook}`}).map(([key, value]) => `${key}=${shellQuote(value)}`);
	return ['env', ...assignments, shellQuote(cliPath()), shellQuote(manifestFile)].join(' ');
}
