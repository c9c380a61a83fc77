import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {importPlugins, PluginLoadError} from '../source/pilot/plugins/plugin-loader.js';
import {Process} from '../source/pilot/model/process-model.js';

const fixtures = path.join(import.meta.dirname, 'fixtures', 'plugins');

describe('importPlugins', () => {
	it('loads .ts and .js plugins of a folder, sorted, skipping other files and subfolders', async () => {
		const plugins = await importPlugins(path.join(fixtures, 'good'));
		expect(plugins.map(plugin => plugin.name)).toEqual(['AlwaysReadyPlugin', 'MarkHooksPlugin', 'InstancePlugin']);
	});

	it('gives working ready strategies, hooks and stat handlers', async () => {
		const plugins = await importPlugins(path.join(fixtures, 'good'));
		const byName = new Map(plugins.map(plugin => [plugin.name, plugin]));
		const strategy = byName.get('AlwaysReadyPlugin')!.getReadyStrategies()['always-ready']!;
		expect(await strategy(new Process({name: 'web', path: '/bin/true'}), 0.1)).toBe(true);
		expect(await strategy(new Process({name: 'never', path: '/bin/true'}), 0.1)).toBe(false);

		const hooks = byName.get('MarkHooksPlugin')!.getLifecycleHooks()['mark']!;
		const db = new Process({name: 'db', path: '/bin/true'});
		await hooks.pre_start![0]!(db, undefined);
		expect(db.env['MARKED_BY']).toBe('MarkHooksPlugin');
		expect(Object.keys(byName.get('InstancePlugin')!.getStatsHandlers())).toEqual(['count']);
	});

	it('names the file and the cause when a plugin throws while loading', async () => {
		const error = await importPlugins(path.join(fixtures, 'broken')).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(PluginLoadError);
		expect((error as Error).message).toBe(`Cannot load plugin ${path.join(fixtures, 'broken', 'throws.js')}: boom while loading`);
		expect(((error as Error).cause as Error).message).toBe('boom while loading');
	});

	it('names the file when a plugin\'s constructor throws', async () => {
		await expect(importPlugins(path.join(fixtures, 'broken-constructor'))).rejects.toThrow(/ctor\.mjs: NEEDS_CONFIG is not set$/);
	});

	it('names the file when a .ts plugin does not compile', async () => {
		await expect(importPlugins(path.join(fixtures, 'bad-syntax'))).rejects.toThrow(/^Cannot load plugin .*bad\.ts: /);
	});

	it('reports a missing folder in one line', async () => {
		const missing = path.join(fixtures, 'no-such-folder');
		await expect(importPlugins(missing)).rejects.toThrow(new PluginLoadError(`Plugin directory not found: ${missing}`));
	});
});
