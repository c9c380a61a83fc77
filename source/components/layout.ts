export type LayoutInput = {
	/** Terminal rows. */
	readonly rows: number;
	/** Table rows wanted (the visible processes). */
	readonly rowCount: number;
	readonly showLogs: boolean;
};

export type Layout = {
	readonly messageLines: 0 | 1;
	readonly footerLines: 0 | 1;
	readonly titleLines: 0 | 1;
	readonly tableRows: number;
	/** Lines of the log pane including its title line; 0 when hidden or when there is no room. */
	readonly logPaneLines: number;
	/** Every line of the frame, header included: never more than `rows - 1`. */
	readonly total: number;
};

const minimumLogPane = 3;

/**
Split the terminal's height between header, message line, table, log pane and footer. The frame
stays below the terminal's height so that Ink never clears the screen (flicker) and nothing scrolls off.
*/
export function computeLayout({rows, rowCount, showLogs}: LayoutInput): Layout {
	let budget = Math.max(1, rows - 1) - 1; // The header always shows.
	const footerLines = budget >= 3 ? 1 : 0;
	budget -= footerLines;
	const messageLines = budget >= 4 ? 1 : 0;
	budget -= messageLines;
	const titleLines = budget >= 2 ? 1 : 0;
	budget -= titleLines;
	const wanted = Math.max(1, rowCount);
	let tableRows = Math.min(wanted, budget);
	let logPaneLines = 0;
	if (showLogs && budget - 1 >= minimumLogPane) {
		const tableCap = Math.max(1, Math.min(budget - minimumLogPane, Math.ceil(budget * 0.6)));
		tableRows = Math.min(wanted, tableCap);
		logPaneLines = budget - tableRows;
	}

	const total = 1 + footerLines + messageLines + titleLines + tableRows + logPaneLines;
	return {messageLines, footerLines, titleLines, tableRows, logPaneLines, total};
}

/** The first visible row, moved as little as possible so that the selected row stays in view. */
export function scrollTop(previousTop: number, selectedIndex: number, height: number, count: number): number {
	const maxTop = Math.max(0, count - height);
	let top = Math.min(Math.max(0, previousTop), maxTop);
	if (selectedIndex < top) {
		top = selectedIndex;
	} else if (selectedIndex >= top + height) {
		top = selectedIndex - height + 1;
	}

	return Math.min(Math.max(0, top), maxTop);
}
