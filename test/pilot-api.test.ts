import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {Plugin} from '../source/pilot/plugins/plugin.js';
import {ProcessNotFoundError} from '../source/index.js';
import type {LogBlock, LogLine} from '../source/pilot/model/pilot-api.js';
import {makePilot, nodeProcess, stopAllPilots, temporaryDirectory, waitUntil} from './helpers/engine.js';

afterEach(stopAllPilots);

describe('the seed API', () => {
	it('finds running processes by pid and by name alike', async () => {
		const pilot = makePilot([nodeProcess('ok', 'sleeper.js'), nodeProcess('other', 'sleeper.js')]);
		await pilot.start();
		const byName = pilot.getRunningProcess('ok')!;
		expect(pilot.getRunningProcess(byName.pid!)).toEqual(byName);
		expect(pilot.getRunningProcess('nonexistent')).toBeUndefined();
		expect(pilot.getRunningProcess()).toHaveLength(2);
		expect(pilot.getManifestProcesses().map(process => process.name)).toEqual(['ok', 'other']);
		expect(pilot.getProcessByName('nope')).toBeUndefined();
	});

	it('rejects unknown names before restarting anything', async () => {
		const pilot = makePilot([nodeProcess('ok', 'sleeper.js')]);
		await pilot.start();
		const pid = pilot.getRunningProcess('ok')!.pid;
		await expect(pilot.restartProcesses(['ok', 'nope'])).rejects.toThrow("Process 'nope' not found");
		expect(pilot.getRunningProcess('ok')!.pid).toBe(pid);
		expect(pilot.getSnapshot().processes[0]!.restarts).toBe(0);
		await expect(pilot.stopProcess('nope')).rejects.toThrow("Process 'nope' not found");
		await expect(pilot.startProcess('nope')).rejects.toThrow("Process 'nope' not found");
		await expect(pilot.stopProcess('nope')).rejects.toBeInstanceOf(ProcessNotFoundError);
		await expect(pilot.stopProcess('nope')).rejects.toMatchObject({name: 'ProcessNotFoundError', processName: 'nope', known: ['ok']});
		await pilot.restartProcesses('ok');
		expect(pilot.getRunningProcess('ok')!.pid).not.toBe(pid);
		expect(pilot.getSnapshot().processes[0]!.restarts).toBe(1);
	});

	it('does not raise when stopping a pilot that never started', async () => {
		const pilot = makePilot([nodeProcess('ok', 'sleeper.js')]);
		await expect(pilot.stop()).resolves.toBeUndefined();
	});

	it('shows the manifest\'s warnings among its messages', () => {
		const pilot = makePilot([nodeProcess('ok', 'sleeper.js', {processor_affinity: [0]})]);
		expect(pilot.getSnapshot().messages.map(message => message.text).join('\n')).toMatch(/processor_affinity.*affinity/);
	});

	it('rejects an empty manifest at start', async () => {
		const pilot = makePilot([]);
		await expect(pilot.start()).rejects.toThrow('No processes to start');
	});

	it('lets a later plugin of the same name replace an earlier one, with a warning', () => {
		class PipeReadyPlugin extends Plugin {
			override getReadyStrategies() {
				return {pipe: () => true};
			}
		}

		const pilot = makePilot([nodeProcess('ok', 'sleeper.js')]);
		const custom = new PipeReadyPlugin();
		const before = pilot.registry.plugins.size;
		pilot.registerPlugins([custom]);
		expect(pilot.registry.plugins.size).toBe(before);
		expect(pilot.registry.plugins.get('PipeReadyPlugin')).toBe(custom);
	});

	it('binds the control server a plugin provides and calls its start and stop', async () => {
		const events: string[] = [];
		class TestPlugin extends Plugin {
			override getControlServers() {
				return {test: () => ({
					start: () => {
						events.push('start');
					},
					stop: () => {
						events.push('stop');
					},
				})};
			}
		}

		const pilot = makePilot([nodeProcess('ok', 'sleeper.js')], {}, {control_server: 'test'});
		pilot.registerPlugins([new TestPlugin()]);
		await pilot.start();
		await pilot.stop();
		expect(events).toEqual(['start', 'stop']);
	});

	it('captures stdout and stderr line by line through partial lines, CRLF, long lines and binary noise', async () => {
		const pilot = makePilot([nodeProcess('noisy', 'noisy.js', {shutdown_strategy: 'do_not_restart'})]);
		await pilot.start();
		await waitUntil(() => pilot.getLogs('noisy').some(line => line.text === 'no newline at end'), 10_000, 'last line');
		const lines = pilot.getLogs('noisy');
		expect(lines.map(line => line.text).slice(0, 2)).toEqual(['partial', 'second']);
		expect(lines[2]!.text.length).toBeLessThan(9000);
		expect(lines[2]!.text).toMatch(/more characters\]$/);
		expect(lines.find(line => line.stream === 'stderr')!.text).toBe('to stderr');
		expect(lines.some(line => line.text.includes('\uFFFD'))).toBe(true);
		expect(pilot.getLogs(undefined, 2)).toHaveLength(2);
	});

	it('passes a fast writer\'s lines on in blocks, each line once and in order: events, ring buffers, sequence numbers', async () => {
		const pilot = makePilot([nodeProcess('fast', 'line-writer.js', {args: ['30000', '40'], shutdown_strategy: 'do_not_restart'})], {logLines: 500});
		const blocks: LogBlock[] = [];
		const logged: LogLine[] = [];
		pilot.on('log-block', (block: LogBlock) => blocks.push(block));
		pilot.on('log', (line: LogLine) => logged.push(line));
		await pilot.start();
		await waitUntil(() => pilot.getLogSeq() >= 30_000, 20_000, 'every line');
		const expected = Array.from({length: 30_000}, (_, index) => `line ${String(index).padStart(7, '0')} ${'x'.repeat(27)}`);
		expect(blocks.flatMap(block => block.text.split('\n'))).toEqual(expected);
		expect(blocks.reduce((sum, block) => sum + block.count, 0)).toBe(30_000);
		expect(blocks.map(block => block.firstSeq)).toEqual(blocks.map((_, index) => 1 + blocks.slice(0, index).reduce((sum, block) => sum + block.count, 0)));
		expect(logged.map(line => line.text)).toEqual(expected);
		expect(logged.map(line => line.seq)).toEqual(expected.map((_, index) => index + 1));
		const kept = pilot.getLogs('fast');
		expect(kept.map(line => line.text)).toEqual(expected.slice(-500));
		expect(kept.map(line => line.seq)).toEqual(logged.slice(-500).map(line => line.seq));
		expect(pilot.getLogs('fast', 3)).toEqual(logged.slice(-3));
		expect(pilot.getLogs(undefined).map(line => line.text)).toEqual(expected.slice(-1000));
	});

	it('keeps a snapshot that changes identity only when something changed', async () => {
		const pilot = makePilot([nodeProcess('ok', 'sleeper.js'), nodeProcess('other', 'sleeper.js')], {processPollInterval: 10});
		let notifications = 0;
		pilot.subscribe(() => notifications++);
		await pilot.start();
		let logNotifications = 0;
		pilot.subscribeLogs(() => logNotifications++);
		const before = pilot.getSnapshot();
		await waitUntil(() => pilot.getLogSeq() >= 2 && logNotifications > 0, 10_000, 'log lines');
		// Output alone notifies log listeners, never the snapshot's.
		expect(pilot.getSnapshot()).toBe(before);
		await pilot.stopProcess('ok');
		const after = pilot.getSnapshot();
		expect(after).not.toBe(before);
		expect(after.processes[1]).toBe(before.processes[1]);
		expect(after.processes[0]!.state).toBe('stopped');
		expect(notifications).toBeGreaterThan(0);
	});
});

describe('restarting several processes', () => {
	it('restarts them in dependency order: a dependent once its dependency is ready again', async () => {
		const folder = temporaryDirectory();
		const readyFile = path.join(folder, 'db.ready');
		const pilot = makePilot([
			nodeProcess('web', 'sleeper.js', {dependencies: ['db']}),
			nodeProcess('db', 'delayed-file.js', {args: [readyFile, '400'], ready_strategy: 'file', ready_params: {path: readyFile}}),
		]);
		await pilot.start();
		const started: Record<string, number> = {};
		const ready: Record<string, number> = {};
		pilot.on('process-started', ({name}: {name: string}) => {
			started[name] = Date.now();
		});
		pilot.on('process-ready', ({name}: {name: string}) => {
			ready[name] = Date.now();
		});
		await pilot.restartProcesses(['web', 'db']);
		expect(started['web']).toBeGreaterThanOrEqual(ready['db']!);
		expect(pilot.getSnapshot().processes.map(row => row.restarts)).toEqual([1, 1]);
	});
});
