import {Chalk} from 'chalk';
import stringWidth from 'string-width';
import type {ExitInfo} from '../pilot/model/process-state.js';
import type {HealthStatus} from '../pilot/model/health.js';
import type {LogBlock, LogLine, PilotMessage, StateChangedEvent} from '../pilot/model/pilot-api.js';
import {nameColor} from '../terminal/name-color.js';
import {prefixLines} from '../pilot/output/line-block.js';

export type HeadlessPrinterOptions = {
	/** Every process name, to pad the prefixes to one width. */
	readonly names: readonly string[];
	readonly write: (text: string) => void;
	/** Colour the name prefixes (when the output is a terminal). */
	readonly isColor: boolean;
	/** The current pid of a process, for state lines. */
	readonly pidOf?: (name: string) => number | null | undefined;
};

export type HeadlessPrinter = {
	log(line: LogLine): void;
	/** Several lines, written at once (the lines of one chunk of output). */
	logs(lines: readonly LogLine[]): void;
	/** The lines of one chunk of output, kept as one block: written without splitting it. */
	block(block: LogBlock): void;
	stateChanged(event: Pick<StateChangedEvent, 'name' | 'state' | 'reason'> & Partial<StateChangedEvent>): void;
	exited(event: {name: string; exit: ExitInfo}): void;
	message(message: PilotMessage): void;
	/** A line about the pilot itself (signals, stopping). */
	note(text: string): void;
	/** A health check decided: `healthy` or `unhealthy: <why>` (pending and cleared are not printed). */
	healthChanged(event: {name: string; health: HealthStatus | null}): void;
};

/**
Plain output for logs and pipes: `name | text` for every output line of a child, and
`name * what happened` for every state change, exit and pilot message.
*/
export function createHeadlessPrinter({names, write, isColor, pidOf}: HeadlessPrinterOptions): HeadlessPrinter {
	const chalk = new Chalk({level: isColor ? 1 : 0});
	const width = Math.max('pilot'.length, ...names.map(name => stringWidth(name)));
	// Formatted once per name: a fast writer's every line would measure and colour it again.
	const prefixes = new Map<string, string>();
	const prefix = (name: string) => {
		let text = prefixes.get(name);
		if (text === undefined) {
			const padded = name + ' '.repeat(Math.max(0, width - stringWidth(name)));
			text = isColor ? nameColor(name, chalk)(padded) : padded;
			prefixes.set(name, text);
		}

		return text;
	};
	const logBar = ` ${chalk.dim('|')} `;

	const event = (name: string, text: string) => {
		write(`${prefix(name)} ${chalk.dim('*')} ${text}\n`);
	};

	return {
		log(line) {
			write(`${prefix(line.process)}${logBar}${line.text}\n`);
		},
		logs(lines) {
			let text = '';
			for (const line of lines) {
				text += `${prefix(line.process)}${logBar}${line.text}\n`;
			}

			write(text);
		},
		block(block) {
			write(prefixLines(block, `${prefix(block.process)}${logBar}`));
		},
		stateChanged({name, state, reason, backoff}) {
			const pid = state === 'stopped' || state === 'failed' || state === 'backoff' || state === 'completed' ? null : pidOf?.(name);
			const retry = backoff ? `restarting in ${(backoff.delayMs / 1000).toFixed(1)}s` : '';
			const why = [reason, retry].filter(Boolean).join('; ');
			event(name, `${state}${pid ? ` (pid ${pid})` : ''}${why ? `: ${why}` : ''}`);
		},
		exited({name, exit}) {
			event(name, 'code' in exit ? `exited with code ${exit.code}` : `killed by ${exit.signal}`);
		},
		message({level, text, process}) {
			event('pilot', `${level}: ${process && !text.startsWith(process) ? `${process}: ` : ''}${text}`);
		},
		note(text) {
			event('pilot', text);
		},
		healthChanged({name, health}) {
			if (health?.state === 'healthy') {
				event(name, 'healthy');
			} else if (health?.state === 'unhealthy') {
				event(name, `unhealthy: ${health.reason}`);
			}
		},
	};
}
