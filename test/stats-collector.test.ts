import type {ChildProcess} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {PilotStore} from '../source/pilot/engine/pilot-store.js';
import {initialRow} from '../source/pilot/engine/pilot-options.js';
import {StatsCollector} from '../source/pilot/engine/stats-collector.js';
import {storeStateCell} from '../source/pilot/engine/store-state-cell.js';
import type {SupervisedProcess} from '../source/pilot/engine/supervised-process.js';
import {Process, type ProcessStats} from '../source/pilot/model/process-model.js';
import {killGroups, spawnGroup} from './helpers/ready-context.js';
import {descendantsOf, waitFor} from './helpers/proc.js';

const busyLoop = path.join(import.meta.dirname, 'fixtures', 'stats-busy-loop.mjs');
const children: ChildProcess[] = [];

afterEach(() => {
	killGroups(children);
});

/** A store with one row per child, and the part of a supervised process the collector reads. */
function supervise(named: Record<string, ChildProcess>) {
	const processes = Object.keys(named).map(name => new Process({name, path: '/bin/sh'}));
	const store = new PilotStore(processes.map(process => initialRow(process)), 'stats', 'host');
	const units = processes.map(process => {
		process.attachState(storeStateCell(store, process.name));
		return {
			process,
			child: named[process.name],
			get view() {
				return store.row(process.name);
			},
		} as unknown as SupervisedProcess;
	});
	const warnings: string[] = [];
	const collector = new StatsCollector(store, (_level, text) => warnings.push(text));
	return {store, units, processes, collector, warnings};
}

async function notified(store: PilotStore): Promise<number> {
	let count = 0;
	store.subscribe(() => count++);
	await Promise.resolve();
	return count;
}

describe('StatsCollector', () => {
	it('writes CPU, memory and their maxima to the row that runtimeInfo and handlers read', async () => {
		const busy = spawnGroup('"$1" "$2"; exit 0', [process.execPath, busyLoop]);
		children.push(busy);
		expect(await waitFor(() => descendantsOf(busy.pid!).length > 0, 10_000)).toBe(true);
		await new Promise(resolve => {
			setTimeout(resolve, 700);
		});
		const {store, units, processes, collector} = supervise({busy});
		const handled: ProcessStats[][] = [];
		processes[0]!.statsHandlerFunctions = [stats => {
			handled.push(stats);
		}];
		await collector.tick(units);
		collector.close();
		const row = store.row('busy');
		expect(row.cpuPercent).toBeGreaterThan(20);
		expect(row.memoryMb).toBeGreaterThan(10);
		expect(row.maxCpuPercent).toBe(row.cpuPercent);
		expect(row.maxMemoryMb).toBe(row.memoryMb);
		expect(row.cpuHistory).toEqual([row.cpuPercent]);
		expect(processes[0]!.runtimeInfo.cpuUsagePercent).toBe(row.cpuPercent);
		expect(processes[0]!.runtimeInfo.maxCpuUsage).toBe(row.cpuPercent);
		expect(handled).toHaveLength(1);
		expect(handled[0]![0]!.cpuUsagePercent).toBe(row.cpuPercent);
	});

	it('leaves an idle row as it is once its history is full of the same value: no new row, no notification', async () => {
		const idle = spawnGroup('exec sleep 30');
		children.push(idle);
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
		const {store, units, collector} = supervise({idle});
		// Thirty samples fill the history; `sleep` uses no CPU, so from then on nothing visible changes.
		for (let sample = 0; sample < 32; sample++) {
			await collector.tick(units);
		}

		const row = store.row('idle');
		expect(row.cpuHistory).toHaveLength(30);
		expect(new Set(row.cpuHistory)).toEqual(new Set([0]));
		expect(row.memoryMb).toBeGreaterThan(0);
		const snapshot = store.getSnapshot();
		const count = notified(store);
		await collector.tick(units);
		collector.close();
		expect(store.row('idle')).toBe(row);
		expect(store.getSnapshot()).toBe(snapshot);
		expect(await count).toBe(0);
	});

	it('skips a process that has no child, and one whose group is gone', async () => {
		const gone = spawnGroup('exit 0');
		children.push(gone);
		await new Promise(resolve => gone.once('exit', resolve));
		const {store, units, collector, warnings} = supervise({gone, none: undefined as unknown as ChildProcess});
		await collector.tick(units);
		collector.close();
		expect(store.row('gone').cpuHistory).toEqual([]);
		expect(store.row('none').cpuHistory).toEqual([]);
		expect(warnings).toEqual([]);
	});
});
