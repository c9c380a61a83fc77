import {describe, expect, it} from 'vitest';
import {formatUptime, msUntilScreenChanges, msUntilUptimeChanges} from '../source/components/uptime.js';
import {isSnapshotSameOnScreen} from '../source/components/shown-snapshot.js';
import type {PilotSnapshot, ProcessView} from '../source/pilot/model/pilot-api.js';

const dependencies: string[] = [];
const view = (patch: Partial<ProcessView> = {}): ProcessView => ({
	name: 'web', state: 'running', ready: true, pid: 10, returnCode: null, cpuPercent: 0, memoryMb: 1.6, maxCpuPercent: 0, maxMemoryMb: 1.6,
	cpuHistory: [0, 0], restarts: 0, startedAt: 0, lastExit: null, reason: null, nextRetryAt: null, retryDelayMs: null, dependencies, health: null, ...patch,
});
const messages: PilotSnapshot['messages'] = [];
const snapshot = (processes: ProcessView[]): PilotSnapshot => ({processes, isRunning: true, startedAt: 0, messages, title: 't', host: 'h'});

describe('uptimes as a person reads them', () => {
	it.each([[59_999, '59s'], [60_000, '1m'], [185_000, '3m'], [3_725_000, '1h02m'], [2 * 86_400_000 + 3_600_000, '2d01h']])('formatUptime(%i) is %s', (ms, text) => {
		expect(formatUptime(ms)).toBe(text);
	});

	it('wakes the clock when a shown figure changes, not every second', () => {
		expect(msUntilUptimeChanges(12_300)).toBe(700);
		expect(msUntilUptimeChanges(185_000)).toBe(55_000);
		const now = 10 * 60_000;
		expect(msUntilScreenChanges(now, 0, [view({startedAt: now - 90_000})])).toBe(30_000);
		expect(msUntilScreenChanges(now, 0, [view({startedAt: now - 90_000}), view({state: 'backoff', pid: null, startedAt: null, nextRetryAt: now + 2500})])).toBe(500);
		expect(msUntilScreenChanges(now, null, [])).toBe(Number.POSITIVE_INFINITY);
	});
});

describe('isSnapshotSameOnScreen', () => {
	it('keeps the shown snapshot while the stats round to the same figures', () => {
		const shown = snapshot([view()]);
		expect(isSnapshotSameOnScreen(shown, snapshot([view({cpuPercent: 0.02, memoryMb: 1.61, cpuHistory: [0, 0.01]})]))).toBe(true);
	});

	it('takes the new one when a shown figure, a state or the header total changes', () => {
		const shown = snapshot(Array.from({length: 20}, () => view()));
		expect(isSnapshotSameOnScreen(shown, snapshot([view({cpuPercent: 0.2})]))).toBe(false);
		expect(isSnapshotSameOnScreen(shown, snapshot(Array.from({length: 20}, (_, index) => view({memoryMb: index ? 1.6 : 1.7}))))).toBe(false);
		expect(isSnapshotSameOnScreen(shown, snapshot(Array.from({length: 20}, () => view({cpuPercent: 0.04}))))).toBe(false);
		expect(isSnapshotSameOnScreen(snapshot([view()]), snapshot([view({state: 'stopping'})]))).toBe(false);
		expect(isSnapshotSameOnScreen(snapshot([view()]), snapshot([view({cpuHistory: [0, 0, 0]})]))).toBe(false);
	});
});

describe('rows started a few ms apart', () => {
	it('change in one frame: the clock waits for the last change within a second of the first', () => {
		const now = 100_000;
		const rows = [view({startedAt: now - 10_900}), view({startedAt: now - 10_700}), view({startedAt: now - 10_200})];
		expect(msUntilScreenChanges(now, null, rows)).toBe(800);
	});
});
