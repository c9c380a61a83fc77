import {Box, Text} from 'ink';
import {memo} from 'react';
import type {LogLine} from '../pilot/model/pilot-api.js';
import {colors} from './color-mode.js';
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
};

type LogRowProps = {
	readonly line: LogLine;
	/** Width of the `name |` prefix, 0 for none. */
	readonly nameWidth: number;
	/** Terminal columns: the line is cut here (by us, so that the ellipsis follows the locale). */
	readonly width: number;
};

const stderrMark = colors.red('!');

/** A log line: stderr marked with a red `!`, and in the merged view prefixed with the process name. */
const LogRow = memo(function LogRow({line, nameWidth, width}: LogRowProps) {
	const mark = line.stream === 'stderr' ? stderrMark : ' ';
	const prefix = nameWidth > 0 ? `${nameColor(line.process)(fit(line.process, nameWidth))} | ` : '';
	return <Text wrap="truncate-end">{truncate(`${mark}${prefix}${sanitizeLine(line.text)}`, width)}</Text>;
});

/** The log pane: a title line, then the newest lines (or the ones scrolled to). */
export function LogPane({lines, height, title, nameWidth, isFollowing, width}: LogPaneProps) {
	const shown = lines.slice(-height);
	const status = isFollowing ? 'following' : `scrolled back ${glyphs.separator} End/f to follow`;
	const rule = glyphs.rule.repeat(2);
	const heading = truncate(`${rule} ${title} ${rule} ${status} `, width);
	return (
		<Box flexDirection="column">
			<Text dimColor wrap="truncate-end">{heading + glyphs.rule.repeat(Math.max(0, width - textWidth(heading)))}</Text>
			{shown.map(line => <LogRow key={line.seq} line={line} nameWidth={nameWidth} width={width}/>)}
		</Box>
	);
}
