import chalk from 'chalk';
import {Text} from 'ink';
import {memo} from 'react';
import type {Confirmation} from './app-state.js';
import {colors} from '../terminal/color-mode.js';
import {textWidth} from './format.js';
import {glyphs} from './glyphs.js';
import {type AppMode, footerHints} from './keymap.js';

export type FooterProps = {
	/** Which keymap bindings apply. */
	readonly mode: AppMode;
	/** Terminal columns: hints that do not fit are left out. */
	readonly width: number;
	/** The filter text, shown while it is being typed. */
	readonly filter: string;
	readonly isFiltering: boolean;
	/** The log search pattern while it is being typed (Ctrl-F), else null. */
	readonly search?: string | null;
	/** A yes/no question replaces the hints while it is open. */
	readonly confirm: Confirmation | null;
	/** How many processes `R` would restart. */
	readonly processCount: number;
	/** In a fleet view, the host `R` acts on. */
	readonly host?: string;
	/** E.g. `sort cpu`, shown after the hints when there is room. */
	readonly status: string;
};

const questions: Record<Confirmation, (count: number, host?: string) => string> = {
	'restart-all': (count, host) => `Restart all ${count} processes${host === undefined ? '' : ` on ${host} only`}? y/N`,
	'stop-pilot': () => 'Stop the remote pilot and every process? y/N',
	reload: () => 'Apply this reload? y/N',
};

/** Key hints generated from the keymap, or the filter prompt, or a yes/no question. */
export const Footer = memo(function Footer(props: FooterProps) {
	if (props.confirm) {
		return <Text wrap="truncate-end">{chalk.bold(colors.yellow(questions[props.confirm](props.processCount, props.host)))}</Text>;
	}

	if (props.isFiltering) {
		return <Text wrap="truncate-end">{`/${props.filter}${glyphs.cursor}  ${chalk.dim(`Enter keep ${glyphs.separator} Esc clear`)}`}</Text>;
	}

	if (typeof props.search === 'string') {
		return <Text wrap="truncate-end">{`search: ${props.search}${glyphs.cursor}  ${chalk.dim(`Enter search ${glyphs.separator} Esc cancel`)}`}</Text>;
	}

	const room = props.status ? props.width - textWidth(props.status) - 2 : props.width;
	const hints = footerHints(props.mode, room);
	const line = props.status ? `${hints}  ${props.status}` : hints;
	return <Text dimColor wrap="truncate-end">{line}</Text>;
});
