import {Box, Text} from 'ink';
import {memo} from 'react';
import type {ProcessView} from '../pilot/model/pilot-api.js';
import type {Pending} from './app-state.js';
import type {Column, ColumnId} from './columns.js';
import {formatHeaderRow, formatRow} from './format-row.js';

export type ProcessTableProps = {
	/** Only the rows that fit, already filtered, sorted and scrolled. */
	readonly rows: readonly ProcessView[];
	/** From `chooseColumns`: which columns fit, and their widths. */
	readonly columns: readonly Column[];
	/** Name of the selected process, drawn in reverse video. */
	readonly selected: string | null;
	/** Epoch ms, for uptimes and retry countdowns. */
	readonly now: number;
	/** States shown right after a key press until the engine's row changes. */
	readonly pending: Readonly<Record<string, Pending>>;
	/** The column whose title ends in `↓`. */
	readonly sortedBy: ColumnId | null;
	/** Whether there is room for the titles line. */
	readonly hasTitle: boolean;
	/** Shown when no process matches. */
	readonly emptyText: string;
};

type RowProps = {
	/** The whole row, colours included (from `formatRow`). */
	readonly text: string;
	readonly isSelected: boolean;
};

/** One `Text` per row, skipped by React when neither its text nor its selection changed. */
const ProcessRow = memo(function ProcessRow({text, isSelected}: RowProps) {
	return <Text inverse={isSelected} wrap="truncate-end">{text}</Text>;
});

/** The process table: a titles line and one line per visible process. */
export function ProcessTable(props: ProcessTableProps) {
	const {rows, columns, selected, now, pending} = props;
	const titles = formatHeaderRow(columns, props.sortedBy);
	return (
		<Box flexDirection="column">
			{props.hasTitle ? <Text bold wrap="truncate-end">{titles}</Text> : null}
			{rows.length === 0 ? <Text dimColor wrap="truncate-end">{props.emptyText}</Text> : null}
			{rows.map(view => {
				const waiting = pending[view.name];
				const pendingState = waiting?.view === view ? waiting.state : undefined;
				const text = formatRow(view, columns, {now, pendingState});
				return <ProcessRow key={view.name} text={text} isSelected={view.name === selected}/>;
			})}
		</Box>
	);
}
