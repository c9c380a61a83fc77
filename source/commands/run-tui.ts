import {renderPilotApp} from '../components/render-app.js';
import type {ProcessPilot, StopResult} from '../pilot/pilot.js';
import {startAndWait} from './start-outcome.js';


/** Stop anything from being written to a terminal that is gone (Node 20 aborts on a write to a dead TTY). */
function muteTerminal(): void {
	const discard = (() => true) as typeof process.stdout.write;
	process.stdout.write = discard;
	process.stderr.write = discard;
}

/**
Run the pilot with the live table. Ctrl-C/q (in the app), SIGINT and SIGTERM stop every process
with the table showing it, then restore the terminal; a second one forces. SIGHUP (the terminal
closed) stops everything silently, then ends the process with SIGKILL.
*/
export async function runTui(pilot: ProcessPilot, title: string, host: string): Promise<number> {
	const ui = new AbortController();
	let stopResult: StopResult | undefined;
	const stopped = new Promise<StopResult>(resolve => {
		pilot.once('stopped', resolve);
	});
	void stopped.then(result => {
		stopResult = result;
		ui.abort('stop');
	});
	let signalCount = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		signalCount++;
		if (signal === 'SIGHUP') {
			muteTerminal();
			void pilot.stop().finally(() => process.kill(process.pid, 'SIGKILL'));
			return;
		}

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

	// Reading a closed terminal fails with EIO; that must not crash the stop that follows.
	const ignore = () => undefined;
	process.stdin.on('error', ignore);
	let startError: Error | undefined;
	void startAndWait(pilot, stopped).then(outcome => {
		if ('error' in outcome) {
			startError = outcome.error;
			ui.abort('stop');
		}
	});
	try {
		const how = await renderPilotApp(pilot, {title, host, mode: 'local', signal: ui.signal});
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

		process.stdin.off('error', ignore);
	}
}
