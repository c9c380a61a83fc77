import chalk from 'chalk';
import {Box, Text} from 'ink';
import {memo} from 'react';
import type {LogLine} from '../pilot/model/pilot-api.js';
import {colors} from '../terminal/color-mode.js';
import {fit, textWidth, truncate} from './format.js';
import {glyphs} from './glyphs.js';
import {sanitizeLine} from './sanitize.js';
import {nameColor} from './state-style.js';

export type LogPaneProps = {
	/** The lines to show, oldest first; at most `height` of them are drawn. */
	readonly lines: readonly LogLine[];
	/** Lines below the title line. */
	readonly height: number;
	/** E.g. `logs: web` or `logs: all processes`. */
	readonly title: string;
	/** Width of the `name |` prefix; 0 shows no prefix (one process). */
	readonly nameWidth: number;
	/** False while scrolled back with PgUp. */
	readonly isFollowing: boolean;
	/** Terminal columns, for the rule after the title. */
	readonly width: number;
	/** Matches of the log search, shown in reverse video; null when there is no search. */
	readonly highlight?: RegExp | null;
	/** `seq` of the current search match, marked with `>`. */
	readonly currentMatch?: number | null;
};

type LogRowProps = {
	readonly line: LogLine;
	/** Width of the `name |` prefix, 0 for none. */
	readonly nameWidth: number;
	/** Terminal columns: the line is cut here (by us, so that the ellipsis follows the locale). */
	readonly width: number;
	readonly highlight: RegExp | null;
	readonly isCurrent: boolean;
};

const stderrMark = colors.red('!');

/** A log line: stderr marked with a red `!`, and in the merged view prefixed with the process name. */
const LogRow = memo(function LogRow({line, nameWidth, width, highlight, isCurrent}: LogRowProps) {
	const mark = isCurrent ? chalk.bold('>') : line.stream === 'stderr' ? stderrMark : ' ';
	const prefix = nameWidth > 0 ? `${nameColor(line.process)(fit(line.process, nameWidth))} | ` : '';
	const text = sanitizeLine(line.text);
	const shown = highlight ? text.replace(highlight, match => (match === '' ? '' : chalk.inverse(match))) : text;
	return <Text wrap="truncate-end">{truncate(`${mark}${prefix}${shown}`, width)}</Text>;
});

/** The log pane: a title line, then the newest lines (or the ones scrolled to). */
export function LogPane({lines, height, title, nameWidth, isFollowing, width, highlight = null, currentMatch = null}: LogPaneProps) {
	const shown = lines.slice(-height);
	const status = isFollowing ? 'following' : `scrolled back ${glyphs.separator} End/f to follow`;
	const rule = glyphs.rule.repeat(2);
	const heading = truncate(`${rule} ${title} ${rule} ${status} `, width);
	return (
		<Box flexDirection="column">
			<Text dimColor wrap="truncate-end">{heading + glyphs.rule.repeat(Math.max(0, width - textWidth(heading)))}</Text>
			{shown.map(line => <LogRow key={line.seq} line={line} nameWidth={nameWidth} width={width} highlight={highlight} isCurrent={line.seq === currentMatch}/>)}
		</Box>
	);
}
