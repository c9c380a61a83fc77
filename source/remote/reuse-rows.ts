import type {PilotMessage, ProcessView} from '../pilot/model/pilot-api.js';

/**
Keep the identity of rows that did not change since the last snapshot, so a memoised table row
does not re-render just because the snapshot came through JSON.
*/
export function reuseRows(previous: readonly ProcessView[], next: readonly ProcessView[]): readonly ProcessView[] {
	const byName = new Map(previous.map(row => [row.name, row]));
	let changed = previous.length !== next.length;
	const rows = next.map((row, index) => {
		const old = byName.get(row.name);
		if (old && JSON.stringify(old) === JSON.stringify(row)) {
			changed ||= previous[index] !== old;
			return old;
		}

		changed = true;
		return row;
	});
	return changed ? rows : previous;
}

/** The same message list when its newest entry did not change. */
export function reuseMessages(previous: readonly PilotMessage[], next: readonly PilotMessage[]): readonly PilotMessage[] {
	return previous.length === next.length && previous.at(-1)?.seq === next.at(-1)?.seq ? previous : next;
}
