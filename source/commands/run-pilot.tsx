import {hostname} from 'node:os';
import path from 'node:path';
import {ManifestError, ProcessManifest} from '../pilot/manifest.js';
import {ProcessPilot} from '../pilot/pilot.js';
import {findManifest} from './find-manifest.js';
import type {CliFlags} from './flags.js';

/** Give up waiting for stray handles this long after the pilot stopped (the exit code is already set). */
const exitGraceMs = 2000;

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
export async function runPilot(input: string[], flags: CliFlags): Promise<number> {
	if (input.length > 1) {
		throw new Error(`Unknown command '${input[0]}'. Run \`pilot-tui --help\` for usage.`);
	}

	const file = findManifest(input[0], process.cwd());
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

	if (flags.control) {
		manifest.control_server = flags.control;
	}

	if (flags.socket) {
		// The control servers read their socket path from PILOT_SOCKET.
		process.env['PILOT_SOCKET'] = path.resolve(flags.socket);
	}

	for (const warning of manifest.warnings) {
		process.stderr.write(`warning: ${warning}\n`);
	}

	const pilot = new ProcessPilot(manifest, {processPollInterval});
	if (flags.plugins) {
		await pilot.loadPlugins(path.resolve(flags.plugins));
	}

	const isInteractive = flags.tui && Boolean(process.stdout.isTTY) && Boolean(process.stdin.isTTY);
	try {
		if (isInteractive) {
			const {runTui} = await import('./run-tui.js');
			return await runTui(pilot, path.basename(file), hostname());
		}

		const {runHeadless} = await import('./headless.js');
		return await runHeadless(pilot);
	} finally {
		setTimeout(() => {
			process.exit();
		}, exitGraceMs).unref();
	}
}
