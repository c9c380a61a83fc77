import chalk from 'chalk';
import {Text} from 'ink';
import {memo} from 'react';
import type {PilotSnapshot} from '../pilot/model/pilot-api.js';
import {formatCpu, formatDuration, formatMemory, truncate} from './format.js';
import type {AppMode} from './keymap.js';

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
};

/** The parts of the header line, most important first; the line keeps those that fit. */
export function headerParts({snapshot, title, host, mode, now, isQuitting}: Omit<HeaderProps, 'width'>): string[] {
	const {processes} = snapshot;
	const running = processes.filter(view => view.state === 'running').length;
	const ready = processes.filter(view => view.state === 'running' && view.ready).length;
	const cpu = processes.reduce((sum, view) => sum + (view.pid === null ? 0 : view.cpuPercent), 0);
	const memory = processes.reduce((sum, view) => sum + (view.pid === null ? 0 : view.memoryMb), 0);
	const parts = [chalk.bold(title) + (mode === 'attached' ? ` · attached to ${host}` : ` @ ${host}`)];
	if (snapshot.connection === 'reconnecting') {
		parts.push(chalk.red('reconnecting…'));
	}

	if (isQuitting) {
		parts.push(chalk.yellow('stopping all…'));
	}

	parts.push(
		`running ${running}/${processes.length}`,
		`ready ${ready}`,
		`cpu ${formatCpu(cpu)}%`,
		`mem ${formatMemory(memory)}`,
		`up ${snapshot.startedAt === null ? '-' : formatDuration(now - snapshot.startedAt)}`,
	);
	return parts;
}

const visibleLength = (text: string) => [...text.replaceAll(/\u001B\[[\d;]*m/g, '')].length;

/** One line: title, host, running/total, ready, total CPU and memory, the pilot's uptime. */
export const Header = memo(function Header(props: HeaderProps) {
	const [first, ...rest] = headerParts(props);
	let line = truncate(first, props.width);
	for (const part of rest) {
		if (visibleLength(line) + 2 + visibleLength(part) > props.width) {
			break;
		}

		line += `  ${part}`;
	}

	return <Text wrap="truncate-end">{line}</Text>;
});
