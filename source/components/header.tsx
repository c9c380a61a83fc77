import chalk from 'chalk';
import {Text} from 'ink';
import {memo} from 'react';
import type {PilotSnapshot} from '../pilot/model/pilot-api.js';
import {colors} from '../terminal/color-mode.js';
import {formatCpu, formatMemory, textWidth, truncate} from './format.js';
import {glyphs} from './glyphs.js';
import {hostSums, processRows} from './fleet-view.js';
import {formatUptime} from './uptime.js';
import type {AppMode} from './keymap.js';
import type {HangupMode} from '../pilot/manifest/hangup-mode.js';

export type HeaderProps = {
	/** The engine's snapshot: the counts and totals come from its rows. */
	readonly snapshot: PilotSnapshot;
	/** Manifest name or other title. */
	readonly title: string;
	/** Host the pilot runs on. */
	readonly host: string;
	/** `attached` says so in the header. */
	readonly mode: AppMode;
	/** Epoch ms, for the pilot's uptime. */
	readonly now: number;
	/** Terminal columns: parts that do not fit are left out, least important first. */
	readonly width: number;
	/** True once the user asked to quit and processes are being stopped. */
	readonly isQuitting: boolean;
	/** What the pilot does when its terminal goes away (shown in `local` mode). */
	readonly onHangup?: HangupMode;
};

/** The parts of the header line, most important first; the line keeps those that fit. */
export function headerParts({snapshot, title, host, mode, now, isQuitting, onHangup}: Omit<HeaderProps, 'width'>): string[] {
	const processes = processRows(snapshot.processes);
	const running = processes.filter(view => view.state === 'running').length;
	const ready = processes.filter(view => view.state === 'running' && view.ready).length;
	const cpu = processes.reduce((sum, view) => sum + (view.pid === null ? 0 : view.cpuPercent), 0);
	const memory = processes.reduce((sum, view) => sum + (view.pid === null ? 0 : view.memoryMb), 0);
	const parts = [chalk.bold(title) + (mode === 'local' ? ` @ ${host}` : ` ${glyphs.separator} attached to ${host}`)];
	if (snapshot.connection === 'reconnecting') {
		parts.push(colors.red(`reconnecting${glyphs.ellipsis}`));
	}

	if (isQuitting) {
		parts.push(colors.yellow(`stopping all${glyphs.ellipsis}`));
	}

	parts.push(
		`running ${running}/${processes.length}`,
		...hostSums(snapshot.hosts),
		`ready ${ready}`,
		...(mode === 'local' && onHangup ? [`hangup: ${onHangup}`] : []),
		`cpu ${formatCpu(cpu)}%`,
		`mem ${formatMemory(memory)}`,
		`up ${snapshot.startedAt === null ? '-' : formatUptime(now - snapshot.startedAt)}`,
	);
	return parts;
}

/** One line: title, host, running/total, ready, total CPU and memory, the pilot's uptime. */
export const Header = memo(function Header(props: HeaderProps) {
	const [first = '', ...rest] = headerParts(props);
	let line = truncate(first, props.width);
	for (const part of rest) {
		if (textWidth(line) + 2 + textWidth(part) > props.width) {
			break;
		}

		line += `  ${part}`;
	}

	return <Text wrap="truncate-end">{line}</Text>;
});
