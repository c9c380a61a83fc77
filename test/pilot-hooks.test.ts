import type {ChildProcess} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {Plugin} from '../source/pilot/plugins/plugin.js';
import type {Process, ProcessStats} from '../source/pilot/model/process-model.js';
import type {HookType} from '../source/pilot/model/process-state.js';
import type {LifecycleHook, StatsHandler} from '../source/pilot/model/pilot-api.js';
import {makePilot, nodeProcess, stopAllPilots, waitUntil} from './helpers/engine.js';

afterEach(stopAllPilots);

type Call = {type: HookType; name: string; status: string; pid: number | undefined; exitCode: number | null | undefined; signalCode: string | null | undefined};

class RecordingPlugin extends Plugin {
	readonly calls: Call[] = [];
	readonly stats: ProcessStats[][] = [];

	override getLifecycleHooks(): Record<string, Partial<Record<HookType, LifecycleHook[]>>> {
		const record = (type: HookType) => (process: Process, child: ChildProcess | undefined) => {
			this.calls.push({type, name: process.name, status: process.status, pid: child?.pid, exitCode: child?.exitCode, signalCode: child?.signalCode});
		};

		return {
			record: {pre_start: [record('pre_start')], post_start: [record('post_start')], on_shutdown: [record('on_shutdown')], on_restart: [record('on_restart')]},
			broken: {
				pre_start: [() => {
					throw new Error('hook exploded');
				}],
				post_start: [async () => Promise.reject(new Error('async hook exploded'))],
			},
		};
	}

	override getStatsHandlers(): Record<string, StatsHandler[]> {
		return {
			shared: [stats => {
				this.stats.push(stats);
			}],
			explode: [() => {
				throw new Error('handler exploded');
			}],
		};
	}
}

describe('lifecycle hooks', () => {
	it('calls pre_start, post_start, on_shutdown and on_restart with the right state and child', async () => {
		const plugin = new RecordingPlugin();
		const pilot = makePilot([nodeProcess('web', 'sleeper.js', {lifecycle_hooks: ['record']})]);
		pilot.registerPlugins([plugin]);
		await pilot.start();
		const firstPid = pilot.getRunningProcess('web')!.pid;
		await pilot.restartProcesses(['web']);
		await waitUntil(() => plugin.calls.filter(call => call.type === 'post_start').length === 2, 10_000, 'second post_start');
		await pilot.stop();
		const types = plugin.calls.map(call => call.type);
		expect(types).toEqual(['pre_start', 'post_start', 'on_shutdown', 'pre_start', 'on_restart', 'post_start', 'on_shutdown']);
		const [preStart, postStart, shutdown, , restart] = plugin.calls;
		expect(preStart).toMatchObject({status: 'starting', pid: undefined});
		expect(postStart).toMatchObject({status: 'running', pid: firstPid});
		expect(shutdown!.pid).toBe(firstPid);
		expect(shutdown!.exitCode ?? shutdown!.signalCode).not.toBeNull();
		expect(restart!.pid).not.toBe(firstPid);
		expect(restart!.pid).toBe(pilot.getProcessByName('web')!.getStatus().pid ?? restart!.pid);
	});

	it('runs on_shutdown of a run that exited on its own before the restart\'s pre_start', async () => {
		const plugin = new RecordingPlugin();
		const pilot = makePilot([nodeProcess('crasher', 'crash.js', {args: ['0', '200'], lifecycle_hooks: ['record'], min_uptime_sec: 0, restart_delay_sec: 0})]);
		pilot.registerPlugins([plugin]);
		await pilot.start();
		await waitUntil(() => plugin.calls.filter(call => call.type === 'post_start').length === 2, 10_000, 'the restarted run ready');
		await pilot.stop();
		const [, , shutdown, preStart, restart] = plugin.calls;
		expect(plugin.calls.slice(0, 6).map(call => call.type)).toEqual(['pre_start', 'post_start', 'on_shutdown', 'pre_start', 'on_restart', 'post_start']);
		expect(shutdown).toMatchObject({status: 'running', exitCode: 0});
		expect(preStart).toMatchObject({status: 'starting', pid: undefined});
		expect(restart!.pid).not.toBe(shutdown!.pid);
	});

	it('keeps running when a hook throws, and shows the error', async () => {
		const pilot = makePilot([nodeProcess('web', 'sleeper.js', {lifecycle_hooks: ['broken']})]);
		pilot.registerPlugins([new RecordingPlugin()]);
		await pilot.start();
		expect(pilot.getRunningProcess('web')?.status).toBe('running');
		const texts = pilot.getSnapshot().messages.map(message => message.text);
		expect(texts.some(text => text.includes('pre_start hook of \'web\' failed: hook exploded'))).toBe(true);
		expect(texts.some(text => text.includes('post_start hook of \'web\' failed: async hook exploded'))).toBe(true);
	});
});

describe('stats', () => {
	it('gives a shared stat handler one call per sample with the stats of both processes', async () => {
		const plugin = new RecordingPlugin();
		const pilot = makePilot([
			nodeProcess('one', 'sleeper.js', {stat_handlers: ['shared']}),
			nodeProcess('two', 'sleeper.js', {stat_handlers: ['shared', 'explode']}),
		], {processPollInterval: 0.2});
		pilot.registerPlugins([plugin]);
		await pilot.start();
		await waitUntil(() => plugin.stats.length >= 2, 10_000, 'two samples');
		for (const call of plugin.stats) {
			expect(call.map(stat => stat.name).sort()).toEqual(['one', 'two']);
		}

		expect(plugin.stats[1]![0]!.memoryUsageMb).toBeGreaterThan(5);
		expect(pilot.isRunning()).toBe(true);
		expect(pilot.getSnapshot().messages.some(message => message.text.includes('Stat handler \'explode\' failed: handler exploded'))).toBe(true);
	});

	it('measures real CPU of a busy child, and keeps the maximum', async () => {
		const pilot = makePilot([nodeProcess('busy', 'busy.js')], {processPollInterval: 0.3});
		await pilot.start();
		await waitUntil(() => pilot.getSnapshot().processes[0]!.cpuHistory.length >= 3, 10_000, 'three samples');
		const row = pilot.getSnapshot().processes[0]!;
		expect(row.cpuPercent).toBeGreaterThan(20);
		expect(row.maxCpuPercent).toBeGreaterThanOrEqual(row.cpuPercent);
		expect(pilot.getProcessByName('busy')!.getStats().cpuUsagePercent).toBeGreaterThan(20);
	});

	it('does not call a stat handler for a process that has exited', async () => {
		const plugin = new RecordingPlugin();
		const pilot = makePilot([
			nodeProcess('gone', 'crash.js', {args: ['1', '10'], shutdown_strategy: 'do_not_restart', stat_handlers: ['shared']}),
			// Its samples prove that ticks go on (a positive signal instead of a fixed sleep).
			nodeProcess('alive', 'sleeper.js', {stat_handlers: ['shared']}),
		], {processPollInterval: 0.1});
		pilot.registerPlugins([plugin]);
		await pilot.start();
		await waitUntil(() => pilot.getRunningProcess('gone') === undefined && pilot.getSnapshot().processes.find(row => row.name === 'gone')!.lastExit !== null, 10_000, 'gone to exit');
		const before = plugin.stats.length;
		await waitUntil(() => plugin.stats.length >= before + 3, 10_000, 'three more samples');
		expect(plugin.stats.slice(before).flat().map(stats => stats.name)).not.toContain('gone');
	});
});
