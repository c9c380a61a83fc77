import {renderPilotApp} from '../components/render-app.js';
import type {ProcessPilot, StopResult} from '../pilot/pilot.js';
import {startAndWait} from './start-and-wait.js';
import type {HangupMode} from '../pilot/manifest/hangup-mode.js';

export type RunTuiOptions = {
	/** `detach`: when the terminal goes away, unmount the table and run on headless (default `stop`). */
	readonly onHangup?: HangupMode;
};


/** Stop anything from being written to a terminal that is gone (Node 20 aborts on a write to a dead TTY). */
function muteTerminal(): void {
	const discard = (() => true) as typeof process.stdout.write;
	process.stdout.write = discard;
	process.stderr.write = discard;
}

/**
Run the pilot with the live table. Ctrl-C/q (in the app), SIGINT and SIGTERM stop every process
with the table showing it, then restore the terminal; a second one forces. When the terminal goes
away (SIGHUP, or EIO on reading or writing it: a closed window may signal only the shell),
everything is stopped silently and the process then ends itself with SIGKILL, since Node 20
aborts on exit when it cannot reset a dead TTY. With `onHangup: 'detach'` the table is unmounted
instead and the pilot runs on headless, reachable through its control socket, until it is stopped
(`pilot-tui down`, SIGTERM); then too it ends itself with SIGKILL.
*/
export async function runTui(pilot: ProcessPilot, title: string, host: string, options: RunTuiOptions = {}): Promise<number> {
	const ui = new AbortController();
	let stopResult: StopResult | undefined;
	const stopped = new Promise<StopResult>(resolve => {
		pilot.once('stopped', resolve);
	});
	void stopped.then(result => {
		stopResult = result;
		ui.abort('stop');
	});
	// Set from a signal handler: a field, so the checks below do not take it for the constant false.
	const terminal = {isLost: false};
	const onTerminalLost = () => {
		if (!terminal.isLost) {
			terminal.isLost = true;
			muteTerminal();
			if (options.onHangup === 'detach') {
				pilot.writePilotLog('warn', 'The terminal went away: running on headless (on_hangup: detach); `pilot-tui attach` shows it, `pilot-tui down` stops it');
				ui.abort('detach');
				return;
			}

			void pilot.stop().finally(() => process.kill(process.pid, 'SIGKILL'));
		}
	};

	let signalCount = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		if (signal === 'SIGHUP') {
			onTerminalLost();
			return;
		}

		signalCount++;

		if (signalCount > 1) {
			ui.abort('force');
			return;
		}

		void pilot.stop();
	};

	const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const signal of signals) {
		process.on(signal, onSignal);
	}

	process.stdout.on('error', onTerminalLost);
	process.stdin.on('error', onTerminalLost);
	process.stdin.on('end', onTerminalLost);
	let startError: Error | undefined;
	void startAndWait(pilot, stopped).then(outcome => {
		if ('error' in outcome) {
			startError = outcome.error;
			ui.abort('stop');
		}
	});
	try {
		let how: Awaited<ReturnType<typeof renderPilotApp>>;
		try {
			how = await renderPilotApp(pilot, {title, host, mode: 'local', signal: ui.signal, onHangup: options.onHangup ?? 'stop'});
		} catch (error) {
			// The screen is restored already; no child may outlive a broken UI.
			await pilot.stop();
			throw error;
		}

		if (terminal.isLost && options.onHangup === 'detach') {
			// Headless from here on: the control socket serves `attach`, `ctl` and `down`.
			await stopped;
			await pilot.stop();
			process.kill(process.pid, 'SIGKILL');
		}

		if (how === 'force') {
			process.stderr.write('pilot-tui: forced to quit; every process was killed\n');
			process.exit(130); // The pilot's exit handler SIGKILLs every process group it started.
		}

		await pilot.stop();
		if (startError) {
			process.stderr.write(`pilot-tui: ${startError.message}\n`);
			return 1;
		}

		if (stopResult?.failed) {
			process.stderr.write(`pilot-tui: stopped because ${stopResult.reason ?? 'something failed'}\n`);
			return 1;
		}

		return 0;
	} finally {
		for (const signal of signals) {
			process.off(signal, onSignal);
		}

		process.stdout.off('error', onTerminalLost);
		process.stdin.off('error', onTerminalLost);
		process.stdin.off('end', onTerminalLost);
	}
}
