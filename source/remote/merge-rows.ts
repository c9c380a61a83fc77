import type {PilotMessage, PilotSnapshot, ProcessView} from '../pilot/model/pilot-api.js';
import type {StreamMessage} from '../pilot/plugins/control/http/http-protocol.js';

type Update = Extract<StreamMessage, {type: 'update'}>;

/**
The rows after an `update` of the event stream: the rows it sent replace those of the same name,
every other row keeps its identity (so a memoised table row does not re-render), in the order it
names. The same array when nothing changed.
*/
export function mergeRows(previous: readonly ProcessView[], order: readonly string[], changed: readonly ProcessView[]): readonly ProcessView[] {
	const byName = new Map(previous.map(row => [row.name, row]));
	for (const row of changed) {
		byName.set(row.name, row);
	}

	const rows = order.flatMap(name => {
		const row = byName.get(name);
		return row ? [row] : [];
	});
	return rows.length === previous.length && rows.every((row, index) => row === previous[index]) ? previous : rows;
}

/** The snapshot after an `update`: its fields, with the rows merged into the previous ones. */
export function applyUpdate(previous: PilotSnapshot, update: Update): PilotSnapshot {
	return {
		...update.snapshot,
		processes: mergeRows(previous.processes, update.order, update.rows),
		messages: reuseMessages(previous.messages, update.snapshot.messages),
	};
}

/** The same message list when its newest entry did not change. */
export function reuseMessages(previous: readonly PilotMessage[], next: readonly PilotMessage[]): readonly PilotMessage[] {
	return previous.length === next.length && previous.at(-1)?.seq === next.at(-1)?.seq ? previous : next;
}
