import type {ChildProcess} from 'node:child_process';
import {describe, expectTypeOf, it} from 'vitest';
import {
	FileReadyPlugin,
	ManifestError,
	PipeReadyPlugin,
	Plugin,
	Process,
	ProcessManifest,
	ProcessPilot,
	ProcessRuntimeInfo,
	ProcessStats,
	TCPReadyPlugin,
	type LifecycleHook,
	type PilotOptions,
	type ProcessState,
	type ProcessStatus,
	type ReadyStrategy,
	type StatsHandler,
} from '../../source/index.js';

// The seed's API (process_pilot 0.4.6) in TypeScript, as BEHAVIOUR.md §1 names it: these fail to
// compile when a public name or signature drifts.

describe('ProcessPilot', () => {
	it('is built from a manifest and the seed options, camelCased', () => {
		expectTypeOf(ProcessPilot).toBeConstructibleWith(ProcessManifest.fromObject({}));
		expectTypeOf(ProcessPilot).constructorParameters.toEqualTypeOf<[ProcessManifest, PilotOptions?]>();
		expectTypeOf<PilotOptions>().toHaveProperty('pluginDirectory').toEqualTypeOf<string | undefined>();
		expectTypeOf<PilotOptions>().toHaveProperty('processPollInterval').toEqualTypeOf<number | undefined>();
		expectTypeOf<PilotOptions>().toHaveProperty('readyCheckInterval').toEqualTypeOf<number | undefined>();
		expectTypeOf<PilotOptions>().toHaveProperty('logger');
	});

	it('starts, stops and controls processes asynchronously', () => {
		expectTypeOf<ProcessPilot['start']>().toEqualTypeOf<() => Promise<void>>();
		expectTypeOf<ProcessPilot['stop']>().toEqualTypeOf<() => Promise<void>>();
		expectTypeOf<ProcessPilot['startProcess']>().toEqualTypeOf<(name: string) => Promise<void>>();
		expectTypeOf<ProcessPilot['stopProcess']>().toEqualTypeOf<(name: string) => Promise<void>>();
		expectTypeOf<ProcessPilot['restartProcesses']>().parameters.toEqualTypeOf<[string[] | string]>();
		expectTypeOf<ProcessPilot['restartProcesses']>().returns.toEqualTypeOf<Promise<void>>();
	});

	it('answers questions about its processes', () => {
		const pilot = new ProcessPilot(ProcessManifest.fromObject({}));
		expectTypeOf(pilot.getRunningProcess()).toEqualTypeOf<ProcessStatus[]>();
		expectTypeOf(pilot.getRunningProcess(1234)).toEqualTypeOf<ProcessStatus | undefined>();
		expectTypeOf(pilot.getRunningProcess('web')).toEqualTypeOf<ProcessStatus | undefined>();
		expectTypeOf(pilot.getManifestProcesses()).toEqualTypeOf<Process[]>();
		expectTypeOf(pilot.getProcessByName('web')).toEqualTypeOf<Process | undefined>();
		expectTypeOf(pilot.isRunning()).toEqualTypeOf<boolean>();
	});

	it('loads and registers plugins, pins affinity, runs hooks', () => {
		expectTypeOf<ProcessPilot['loadPlugins']>().toEqualTypeOf<(directory: string) => Promise<void>>();
		expectTypeOf<ProcessPilot['registerPlugins']>().parameters.toEqualTypeOf<[Plugin[]]>();
		expectTypeOf<ProcessPilot['setProcessAffinity']>().parameters.toEqualTypeOf<[ChildProcess, number[] | null]>();
		expectTypeOf(ProcessPilot.executeLifecycleHooks).toBeCallableWith(new Process({name: 'web', path: '/usr/bin/node'}), undefined, 'pre_start');
	});
});

describe('ProcessManifest', () => {
	it('loads from YAML, JSON, either by extension, or plain data', () => {
		expectTypeOf(ProcessManifest.fromYaml).returns.toEqualTypeOf<ProcessManifest>();
		expectTypeOf(ProcessManifest.fromJson).returns.toEqualTypeOf<ProcessManifest>();
		expectTypeOf(ProcessManifest.fromFile).returns.toEqualTypeOf<ProcessManifest>();
		expectTypeOf(ProcessManifest.fromYaml).parameter(0).toEqualTypeOf<string>();
	});

	it('has the seed validators, each callable on its own and chainable', () => {
		const manifest = ProcessManifest.fromObject({});
		expectTypeOf(manifest.orderDependencies()).toEqualTypeOf<ProcessManifest>();
		expectTypeOf(manifest.resolveDependencies()).toEqualTypeOf<ProcessManifest>();
		expectTypeOf(manifest.resolvePaths()).toEqualTypeOf<ProcessManifest>();
		expectTypeOf(manifest.setWorkingDirectory()).toEqualTypeOf<ProcessManifest>();
		expectTypeOf(manifest.validateCpuAffinity()).toEqualTypeOf<ProcessManifest>();
		expectTypeOf(manifest.validateReadyConfig()).toEqualTypeOf<ProcessManifest>();
	});

	it('reports mistakes as a ManifestError', () => {
		expectTypeOf<ManifestError>().toExtend<Error>();
	});
});

describe('Process and its state', () => {
	it('has the seed states, as a string union', () => {
		expectTypeOf<'starting' | 'running' | 'stopping' | 'stopped'>().toExtend<ProcessState>();
		expectTypeOf<ProcessState>().toExtend<string>();
	});

	it('keeps the seed Process API', () => {
		expectTypeOf(Process).toBeConstructibleWith({name: 'web', path: '/usr/bin/node'});
		expectTypeOf<Process['getStatus']>().returns.toEqualTypeOf<ProcessStatus>();
		expectTypeOf<Process['getStats']>().returns.toEqualTypeOf<ProcessStats>();
		expectTypeOf<Process['updateStatus']>().parameter(0).toEqualTypeOf<ProcessState>();
		expectTypeOf<Process['runtimeInfo']>().toEqualTypeOf<ProcessRuntimeInfo>();
		expectTypeOf<ProcessStatus>().toExtend<{name: string; pid: number | null; status: ProcessState; returnCode: number | null}>();
		expectTypeOf<ProcessStats>().toExtend<{name: string; path: string; memoryUsageMb: number; cpuUsagePercent: number; maxMemoryUsageMb: number; maxCpuUsagePercent: number}>();
	});
});

describe('Plugin', () => {
	it('is a base class with the seed getters', () => {
		class Custom extends Plugin {}
		expectTypeOf(new Custom().name).toEqualTypeOf<string>();
		expectTypeOf<Plugin['getReadyStrategies']>().returns.toEqualTypeOf<Record<string, ReadyStrategy>>();
		expectTypeOf<Plugin['getStatsHandlers']>().returns.toEqualTypeOf<Record<string, StatsHandler[]>>();
		expectTypeOf<Plugin['getLifecycleHooks']>().returns.toExtend<Record<string, Partial<Record<'pre_start' | 'post_start' | 'on_shutdown' | 'on_restart', LifecycleHook[]>>>>();
		expectTypeOf<Plugin['getControlServers']>().returns.toExtend<Record<string, unknown>>();
	});

	it('ships the seed ready plugins', () => {
		expectTypeOf<FileReadyPlugin>().toExtend<Plugin>();
		expectTypeOf<TCPReadyPlugin>().toExtend<Plugin>();
		expectTypeOf<PipeReadyPlugin>().toExtend<Plugin>();
	});

	it('takes ready strategies as the seed calls them', () => {
		expectTypeOf<ReadyStrategy>().toBeCallableWith(new Process({name: 'web', path: '/usr/bin/node'}), 0.1);
		expectTypeOf<ReadyStrategy>().returns.toEqualTypeOf<boolean | Promise<boolean>>();
	});
});
