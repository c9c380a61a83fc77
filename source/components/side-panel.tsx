import {Box, Text} from 'ink';
import {colors as chalk} from '../terminal/color-mode.js';
import {truncate} from './format.js';

export type SidePanelProps = {
	readonly title: string;
	/** Every line of the panel (colours allowed); those past `height` are reached by scrolling. */
	readonly lines: readonly string[];
	/** Lines available, title included. */
	readonly height: number;
	/** First line shown (already clamped by the caller). */
	readonly scroll: number;
	readonly width: number;
};

/** How many lines of content a panel of `height` shows (one is its title). */
export function panelRows(height: number): number {
	return Math.max(0, height - 1);
}

/** A titled, scrollable block of lines that replaces the table and the log pane (detail and graph views). */
export function SidePanel({title, lines, height, scroll, width}: SidePanelProps) {
	const rows = panelRows(height);
	const shown = lines.slice(scroll, scroll + rows);
	const more = lines.length > rows ? ` ${scroll + 1}-${scroll + shown.length}/${lines.length} (PgUp/PgDn)` : '';
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">{`${chalk.bold(title)}${chalk.dim(`${more}  Esc close`)}`}</Text>
			{shown.map((line, index) => <Text key={index} wrap="truncate-end">{truncate(line, width)}</Text>)}
		</Box>
	);
}
