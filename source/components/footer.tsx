import chalk from 'chalk';
import {Text} from 'ink';
import {memo} from 'react';
import type {Confirmation} from './app-state.js';
import {type AppMode, footerHints} from './keymap.js';

export type FooterProps = {
	/** Which keymap bindings apply. */
	readonly mode: AppMode;
	/** Terminal columns: hints that do not fit are left out. */
	readonly width: number;
	/** The filter text, shown while it is being typed. */
	readonly filter: string;
	readonly isFiltering: boolean;
	/** A yes/no question replaces the hints while it is open. */
	readonly confirm: Confirmation | null;
	/** How many processes `R` would restart. */
	readonly processCount: number;
	/** E.g. `sort cpu`, shown after the hints when there is room. */
	readonly status: string;
};

const questions: Record<Confirmation, (count: number) => string> = {
	'restart-all': count => `Restart all ${count} processes? y/N`,
	'stop-pilot': () => 'Stop the remote pilot and every process? y/N',
};

/** Key hints generated from the keymap, or the filter prompt, or a yes/no question. */
export const Footer = memo(function Footer(props: FooterProps) {
	if (props.confirm) {
		return <Text wrap="truncate-end">{chalk.yellow.bold(questions[props.confirm](props.processCount))}</Text>;
	}

	if (props.isFiltering) {
		return <Text wrap="truncate-end">{`/${props.filter}█  ${chalk.dim('Enter keep · Esc clear')}`}</Text>;
	}

	const room = props.status ? props.width - props.status.length - 2 : props.width;
	const hints = footerHints(props.mode, room);
	const line = props.status ? `${hints}  ${props.status}` : hints;
	return <Text dimColor wrap="truncate-end">{line}</Text>;
});
