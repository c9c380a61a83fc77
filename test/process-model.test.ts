import {spawn, type ChildProcess} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {Process, ProcessRuntimeInfo, ProcessStats} from '../source/pilot/model/process-model.js';

const base = {name: 'test_process', path: '/mock/path/to/executable'};

describe('Process', () => {
	it('stores what it was given, with dependencies as unresolved names', () => {
		const process = new Process({...base, args: ['--arg1', 'value1'], timeout: 10, shutdown_strategy: 'restart', dependencies: ['dep1', 'dep2']});
		expect(process.name).toBe('test_process');
		expect(process.path).toBe('/mock/path/to/executable');
		expect(process.args).toEqual(['--arg1', 'value1']);
		expect(process.timeout).toBe(10);
		expect(process.shutdown_strategy).toBe('restart');
		expect(process.dependencies).toEqual(['dep1', 'dep2']);
	});

	it('fills the seed\'s defaults, the restart keys and this round\'s lifecycle keys', () => {
		const process = new Process(base);
		expect(process.toConfig()).toEqual({
			...base, args: [], env: {}, working_directory: null, timeout: 5, shutdown_strategy: 'restart', dependencies: [],
			lifecycle_hooks: [], stat_handlers: [], ready_strategy: null, ready_timeout_sec: 5, ready_params: {}, affinity: null,
			min_uptime_sec: 5, restart_delay_sec: 0.5, max_restart_delay_sec: 30, max_restarts: null,
			autostart: true, dependency_conditions: {}, env_file: [], health_check: null, kill_mode: 'group', stop_signal: 'SIGTERM', success_exit_codes: [0],
		});
		expect(process.status).toBe('stopped');
		expect(process.pid).toBeNull();
		expect(process.returnCode).toBeNull();
	});

	it('keeps an explicit null timeout (wait forever) and null shutdown strategy', () => {
		const process = new Process({...base, timeout: null, shutdown_strategy: null});
		expect(process.timeout).toBeNull();
		expect(process.shutdown_strategy).toBeNull();
	});

	it('gives the executable followed by its arguments as command', () => {
		expect(new Process({...base, args: ['--arg1', 'value1']}).command).toEqual(['/mock/path/to/executable', '--arg1', 'value1']);
	});

	it('does not share default lists between processes', () => {
		const first = new Process(base);
		const second = new Process(base);
		first.args.push('x');
		first.dependencies.push('y');
		first.env['A'] = '1';
		expect(second.args).toEqual([]);
		expect(second.dependencies).toEqual([]);
		expect(second.env).toEqual({});
	});

	it('creates stats with zero usage for a new process', () => {
		const stats = new Process(base).getStats();
		expect(stats).toBeInstanceOf(ProcessStats);
		expect(stats).toMatchObject({name: 'test_process', path: '/mock/path/to/executable', memoryUsageMb: 0, cpuUsagePercent: 0});
	});

	it('reports its status', () => {
		const process = new Process(base);
		process.updateStatus('running', 1234);
		expect(process.getStatus()).toEqual({name: 'test_process', pid: 1234, status: 'running', returnCode: null});
	});
});

describe('updateStatus (the seed\'s rules)', () => {
	it('stores the state', () => {
		const process = new Process(base);
		process.updateStatus('running');
		expect(process.status).toBe('running');
	});

	it('clears the pid on stopped', () => {
		const process = new Process(base);
		process.updateStatus('running', 1234);
		process.updateStatus('stopped');
		expect(process.pid).toBeNull();
	});

	it('clears the return code on running', () => {
		const process = new Process(base);
		process.updateStatus('stopped', null, 1);
		process.updateStatus('running');
		expect(process.returnCode).toBeNull();
	});

	it('sets a pid when none is held, and never overwrites one', () => {
		const process = new Process(base);
		process.updateStatus('starting', 1234);
		expect(process.pid).toBe(1234);
		process.updateStatus('running', 5678);
		expect(process.pid).toBe(1234);
	});

	it('stores a return code', () => {
		const process = new Process(base);
		process.updateStatus('stopped', null, 1);
		expect(process.returnCode).toBe(1);
	});

	it('lets an explicit return code win over the running reset', () => {
		const process = new Process(base);
		process.updateStatus('stopped', null, 3);
		process.updateStatus('running', 1234, 0);
		expect(process.pid).toBe(1234);
		expect(process.returnCode).toBe(0);
	});
});

describe('ProcessRuntimeInfo', () => {
	it('starts at zero and keeps the maxima', () => {
		const info = new ProcessRuntimeInfo();
		expect([info.memoryUsageMb, info.cpuUsagePercent, info.maxMemoryUsageMb, info.maxCpuUsage]).toEqual([0, 0, 0, 0]);
		info.memoryUsageMb = 100;
		info.cpuUsagePercent = 50;
		info.memoryUsageMb = 50;
		info.cpuUsagePercent = 75;
		expect([info.memoryUsageMb, info.cpuUsagePercent, info.maxMemoryUsageMb, info.maxCpuUsage]).toEqual([50, 75, 100, 75]);
	});
});

describe('recordProcessStats with real processes', () => {
	const children: ChildProcess[] = [];
	afterEach(() => {
		for (const child of children.splice(0)) {
			child.kill('SIGKILL');
		}
	});

	it('records the memory of a live child', async () => {
		const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {stdio: 'ignore'});
		children.push(child);
		await new Promise(resolve => child.once('spawn', resolve));
		const managed = new Process({name: 'node', path: process.execPath});
		await managed.recordProcessStats(child.pid!);
		expect(managed.runtimeInfo.memoryUsageMb).toBeGreaterThan(1);
		expect(managed.runtimeInfo.maxMemoryUsageMb).toBe(managed.runtimeInfo.memoryUsageMb);
		expect(managed.getStats().memoryUsageMb).toBe(managed.runtimeInfo.memoryUsageMb);
	});

	it('ignores a pid that no longer exists and keeps the values at zero', async () => {
		const child = spawn('true', [], {stdio: 'ignore'});
		const pid = await new Promise<number>(resolve => {
			child.once('exit', () => resolve(child.pid!));
		});
		const managed = new Process(base);
		await expect(managed.recordProcessStats(pid)).resolves.toBeUndefined();
		expect(managed.runtimeInfo.memoryUsageMb).toBe(0);
		expect(managed.runtimeInfo.cpuUsagePercent).toBe(0);
	});
});
