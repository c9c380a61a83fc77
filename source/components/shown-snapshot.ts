import type {PilotSnapshot, ProcessView} from '../pilot/model/pilot-api.js';
import {formatCpu, formatMemory} from './format.js';
import {knownItem} from '../pilot/model/known-entry.js';

type Rounded = (value: number) => string;

/** Fields the UI shows rounded: a change below what is shown is no change on screen. */
const roundedFields: Partial<Record<keyof ProcessView, Rounded>> = {
	cpuPercent: formatCpu,
	maxCpuPercent: formatCpu,
	memoryMb: formatMemory,
	maxMemoryMb: formatMemory,
};

function isSameHistory(a: readonly number[], b: readonly number[]): boolean {
	return a === b || (a.length === b.length && a.every((value, index) => formatCpu(value) === formatCpu(knownItem(b, index))));
}

/** Whether two rows look the same wherever the UI shows them (every other field compared as is). */
export function isSameOnScreen(a: ProcessView, b: ProcessView): boolean {
	if (a === b) {
		return true;
	}

	const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof ProcessView>);
	for (const key of keys) {
		const rounded = roundedFields[key];
		const same = key === 'cpuHistory'
			? isSameHistory(a.cpuHistory, b.cpuHistory)
			: rounded ? rounded(a[key] as number) === rounded(b[key] as number) : Object.is(a[key], b[key]);
		if (!same) {
			return false;
		}
	}

	return true;
}

const sum = (rows: readonly ProcessView[], value: (view: ProcessView) => number) => rows.reduce((total, view) => total + (view.pid === null ? 0 : value(view)), 0);

/**
Whether `next` would draw the same screen as `shown`: the same rows as far as they are shown, the
same totals in the header, everything else identical. Stats arrive every second with new numbers
for every process; when none of them shows, the UI keeps `shown` and draws nothing.
*/
export function isSnapshotSameOnScreen(shown: PilotSnapshot, next: PilotSnapshot): boolean {
	if (shown === next) {
		return true;
	}

	const keys = new Set([...Object.keys(shown), ...Object.keys(next)] as Array<keyof PilotSnapshot>);
	for (const key of keys) {
		if (key !== 'processes' && !Object.is(shown[key], next[key])) {
			return false;
		}
	}

	const [before, after] = [shown.processes, next.processes];
	if (before.length !== after.length || before.some((view, index) => !isSameOnScreen(view, knownItem(after, index)))) {
		return false;
	}

	return formatCpu(sum(before, view => view.cpuPercent)) === formatCpu(sum(after, view => view.cpuPercent))
		&& formatMemory(sum(before, view => view.memoryMb)) === formatMemory(sum(after, view => view.memoryMb));
}
