import type {ProcessPilot, StopResult} from '../pilot/pilot.js';
import type {ExitInfo} from '../pilot/model/process-state.js';
import type {LogBlock, PilotMessage, StateChangedEvent} from '../pilot/model/pilot-api.js';
import {shouldUseColor} from '../terminal/color-mode.js';
import type {HealthStatus} from '../pilot/model/health.js';
import {createHeadlessPrinter} from './headless-printer.js';
import {createBatchedWriter} from './batched-writer.js';
import {startAndWait} from './start-and-wait.js';
import type {HangupMode} from '../pilot/manifest/hangup-mode.js';
import {isTerminal} from '../terminal/is-terminal.js';

export type HeadlessOptions = {
	readonly out?: NodeJS.WriteStream;
	/**
	Where a detached pilot's own events go (state changes, exits, signals), one line each, instead of
	`out`: its pilot.log. Output lines and messages are then not printed (the pilot logs messages itself).
	*/
	readonly eventSink?: (text: string) => void;
	/** Called once `start()` has resolved. */
	readonly onStarted?: () => void;
	/**
	Whether the pilot has a terminal (default: stdin or the output is one). Without one (detached,
	a service, a container), SIGHUP reloads the manifest; with one, it means the terminal is gone.
	*/
	readonly hasTerminal?: boolean;
	/** `detach`: SIGHUP or a broken stdout do not stop the pilot; it runs on without output. */
	readonly onHangup?: HangupMode;
};

/**
Run the pilot without a screen: prefixed output lines and state changes on stdout until SIGINT,
SIGTERM or SIGHUP stop it gracefully (a second signal forces). Without a terminal, SIGHUP reloads
the manifest instead. Resolves with the exit code: 0
after a clean stop, 1 when the pilot stopped because something failed or could not start.
*/
export async function runHeadless(pilot: ProcessPilot, options: HeadlessOptions = {}): Promise<number> {
	const out = options.out ?? process.stdout;
	let isOutputBroken = false;
	const output = createBatchedWriter(text => {
		if (!isOutputBroken) {
			out.write(text);
		}
	});
	const printer = createHeadlessPrinter({
		names: pilot.manifest.processes.map(process => process.name),
		isColor: options.eventSink ? false : shouldUseColor(isTerminal(out)),
		pidOf: name => pilot.getProcessByName(name)?.pid,
		write(text) {
			if (options.eventSink) {
				options.eventSink(text.trimEnd());
			} else if (!isOutputBroken) {
				output.write(text);
			}
		},
	});
	// A chunk's lines at once, as the block they came in: a fast writer's hundreds of lines per read
	// cost one replace and one write here, and no string or object per line.
	const onLogs = options.eventSink ? () => undefined : (block: LogBlock) => printer.block(block);
	const isDetachOnHangup = options.onHangup === 'detach';
	const hasTerminal = options.hasTerminal ?? (isTerminal(process.stdin) || isTerminal(out));
	const onState = (event: StateChangedEvent) => printer.stateChanged(event);
	const onExit = (event: {name: string; exit: ExitInfo}) => printer.exited(event);
	const onMessage = options.eventSink ? () => undefined : (message: PilotMessage) => printer.message(message);
	let signalCount = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		if (signal === 'SIGHUP' && !hasTerminal) {
			// No terminal to lose: SIGHUP asks for a reload, as with most daemons. A problem is reported as a message.
			printer.note('SIGHUP: reading the manifest again');
			pilot.reload().catch(() => undefined);
			return;
		}

		if (signal === 'SIGHUP' && isDetachOnHangup) {
			printer.note('SIGHUP: the terminal is gone; running on (on_hangup: detach)');
			return;
		}

		signalCount++;
		if (signalCount > 1) {
			printer.note(`${signal} again: killing every process now`);
			output.flush();
			process.exit(130); // The pilot's exit handler SIGKILLs every process group it started.
		}

		printer.note(`${signal}: stopping every process`);
		void pilot.stop();
	};

	// `| head` closing the pipe is a reason to stop, not to crash.
	const onOutputError = () => {
		isOutputBroken = true;
		if (!isDetachOnHangup) {
			void pilot.stop();
		}
	};

	const stopped = new Promise<StopResult>(resolve => {
		pilot.once('stopped', resolve);
	});
	const onHealth = options.eventSink ? () => undefined : (event: {name: string; health: HealthStatus | null}) => printer.healthChanged(event);
	pilot.on('log-block', onLogs).on('state-changed', onState).on('process-exited', onExit).on('message', onMessage).on('health-changed', onHealth);
	out.on('error', onOutputError);
	const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const signal of signals) {
		process.on(signal, onSignal);
	}

	try {
		const outcome = await startAndWait(pilot, stopped, options.onStarted);
		if ('error' in outcome) {
			await pilot.stop();
			process.stderr.write(`pilot-tui: ${outcome.error.message}\n`);
			return 1;
		}

		const result = outcome.stopped;
		if (result.failed) {
			printer.note(`stopped because ${result.reason ?? 'something failed'}`);
		}

		return result.failed ? 1 : 0;
	} finally {
		output.flush();
		for (const signal of signals) {
			process.off(signal, onSignal);
		}

		pilot.off('log-block', onLogs).off('state-changed', onState).off('process-exited', onExit).off('message', onMessage).off('health-changed', onHealth);
		out.off('error', onOutputError);
	}
}
