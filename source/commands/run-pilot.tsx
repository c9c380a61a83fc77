import {hostname} from 'node:os';
import path from 'node:path';
import {ManifestError, ProcessManifest} from '../pilot/manifest/process-manifest.js';
import {ProcessPilot} from '../pilot/pilot.js';
import {parseHangupMode} from '../pilot/manifest/hangup-mode.js';
import {defaultLogDir} from '../pilot/output/log-dir.js';
import {planControlSocket} from './control-plan.js';
import {reportStarted} from './detached-child.js';
import {findManifest} from './find-manifest.js';
import type {CliFlags} from './flags.js';
import {isTerminal} from '../terminal/is-terminal.js';
import {controlOptionsFromEnv, wantsStackTraces} from './control-options-from-env.js';
import {serveControlSocket} from './serve-control.js';
import {watchManifest} from '../pilot/engine/watch-manifest.js';

export type RunPilotOptions = {
	/** This process is the pilot that `--detach` started (in its own session, no terminal). */
	readonly isDetachedChild?: boolean;
};

/** Give up waiting for stray handles this long after the pilot stopped (the exit code is already set). */
const exitGraceMs = 2000;

/**
An exception nobody caught (a plugin's timer, say) ends the run, one line instead of a stack. The
line is printed on exit, after the screen has been restored, and the pilot's own exit handler
kills every child.
*/
function onCrash(error: unknown): void {
	const message = error instanceof Error ? error.message : String(error);
	process.on('exit', () => {
		process.stderr.write(`pilot-tui: crashed: ${message}\n`);
		if (wantsStackTraces(process.env) && error instanceof Error && error.stack) {
			process.stderr.write(`${error.stack}\n`);
		}
	});
	process.exit(70);
}

function checkStatsInterval(value: number | undefined): number | undefined {
	if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
		throw new Error(`--stats-interval must be a positive number of seconds, got ${String(value)}`);
	}

	return value;
}

/**
`pilot-tui [manifest]`: load and check the manifest (errors are listed before any screen is
drawn), load plugins, then run with the live table on a terminal, or headless (`name | line`)
when stdout is not a terminal or with `--no-tui`.
*/
export async function runPilot(input: string[], flags: CliFlags, options: RunPilotOptions = {}): Promise<number> {
	if (input.length > 1) {
		throw new Error(`Unknown command '${input[0]}'. Run \`pilot-tui --help\` for usage.`);
	}

	const file = findManifest(input[0], process.cwd());
	const isInteractive = flags.tui && isTerminal(process.stdout) && isTerminal(process.stdin);
	// The live table's code (Ink, React, yoga's WebAssembly) loads while the manifest is read and
	// checked: its files are read and the WebAssembly compiled off the main thread meanwhile.
	const tuiModule = isInteractive && !flags.detach ? import('./run-tui.js') : undefined;
	tuiModule?.catch(() => undefined);
	const processPollInterval = checkStatsInterval(flags.statsInterval);
	let manifest: ProcessManifest;
	try {
		manifest = ProcessManifest.fromFile(file, {strict: flags.strict});
	} catch (error) {
		if (error instanceof ManifestError) {
			process.stderr.write(`${error.message}\n`);
			return 1;
		}

		throw error;
	}

	if (flags.control !== undefined) {
		// `--no-control`: no control server at all, not even the manifest's.
		manifest.control_server = flags.control === false ? null : flags.control;
	}

	const onHangup = flags.onHangup === undefined ? manifest.on_hangup : parseHangupMode(flags.onHangup);
	for (const warning of manifest.warnings) {
		process.stderr.write(`warning: ${warning}\n`);
	}

	if (process.pid === 1) {
		// The pilot-tui program's shell launcher stays PID 1 and reaps; node itself cannot.
		process.stderr.write('warning: node runs as PID 1: orphaned grandchildren will stay zombies. Start the pilot-tui program itself (its launcher reaps them) or run the container with --init\n');
	}

	const isDetachedChild = flags.detach && options.isDetachedChild === true;
	const controlFromEnv = controlOptionsFromEnv(process.env);
	const socketPath = await planControlSocket(file, {control: flags.control, socket: flags.socket ?? controlFromEnv.socketPath}, {mayFallBack: !flags.detach});
	if (flags.detach && !isDetachedChild) {
		if (socketPath === null) {
			throw new Error('--detach needs the control socket (to attach and stop it later): drop --no-control');
		}

		const {runDetach} = await import('./detach.js');
		return runDetach(file, socketPath);
	}

	// Headless, the numbers are only read by stat handlers and control clients: without either,
	// sampling would be the idle pilot's only periodic work, for nobody.
	// A detached pilot samples too: it runs to be attached to.
	const sampleStats = isInteractive || isDetachedChild || processPollInterval !== undefined || manifest.control_server !== null
		|| manifest.processes.some(process => process.stat_handlers.length > 0);
	const controlServer = {...controlFromEnv, ...(socketPath === null ? {} : {socketPath})};
	const pilot = new ProcessPilot(manifest, {processPollInterval, sampleStats, controlServer, logDir: isDetachedChild ? defaultLogDir(file) : undefined});
	const control = socketPath === null ? undefined : serveControlSocket(pilot, socketPath);
	if (flags.plugins) {
		await pilot.loadPlugins(path.resolve(flags.plugins));
	}

	process.on('uncaughtException', onCrash);
	const watcher = flags.watch ? watchManifest(pilot, {report: (level, text) => pilot.writePilotLog(level, text)}) : undefined;
	try {
		await control?.start();
		if (tuiModule) {
			// React's production build: the bundle (scripts/bundle-cli.js) fixes NODE_ENV at build time.
			const {runTui} = await tuiModule;
			return await runTui(pilot, path.basename(file), hostname(), {onHangup});
		}

		const {runHeadless} = await import('./headless.js');
		return await runHeadless(pilot, isDetachedChild
			? {eventSink: text => pilot.writePilotLog('info', text), onHangup: 'detach', onStarted: () => {
				// A detached pilot always has its socket: `--detach` plans one.
				if (socketPath !== null) {
					reportStarted(socketPath);
				}
			}}
			: {onHangup});
	} finally {
		watcher?.close();
		await control?.stop();
		process.off('uncaughtException', onCrash);
		setTimeout(() => {
			process.exit();
		}, exitGraceMs).unref();
	}
}
