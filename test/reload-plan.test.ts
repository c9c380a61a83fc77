import {describe, expect, it} from 'vitest';
import {Process, type ProcessConfig} from '../source/pilot/model/process-model.js';
import {formatPlan, planReload, scalePlan, summarizePlan, type ManifestDefinition, type ManifestSettings} from '../source/pilot/engine/reload-plan.js';

const settings: ManifestSettings = {kill_timeout: 5, control_server: null, on_hangup: 'stop', base_directory: null, logging: {dir: null}};

function manifest(processes: ProcessConfig[], more: Partial<ManifestSettings> = {}): ManifestDefinition {
	return {processes: processes.map(config => new Process(config).toConfig()), settings: {...settings, ...more}};
}

const p = (name: string, extra: Partial<ProcessConfig> = {}): ProcessConfig => ({name, path: '/bin/sleep', args: ['60'], ...extra});

describe('planReload', () => {
	it.each([
		['nothing changed', [p('a'), p('b')], [p('b'), p('a')], ['no changes']],
		['a new process', [p('a')], [p('a'), p('b', {dependencies: ['a']})], ['+ b']],
		['new ones in dependency order', [p('a')], [p('c', {dependencies: ['b']}), p('b'), p('a')], ['+ b', '+ c']],
		['removed ones, dependents first', [p('a'), p('b', {dependencies: ['a']}), p('c', {dependencies: ['b']})], [p('x')], ['+ x', '- c', '- b', '- a']],
		['changed args and env', [p('a', {env: {A: '1'}})], [p('a', {args: ['61'], env: {A: '2'}})], ['~ a (args, env)']],
		['env in another key order', [p('a', {env: {A: '1', B: '2'}})], [p('a', {env: {B: '2', A: '1'}})], ['no changes']],
		['a new ready strategy and stop signal', [p('a')], [p('a', {ready_strategy: 'tcp', ready_params: {port: 80}, stop_signal: 'SIGINT'})], ['~ a (ready_strategy, ready_params, stop_signal)']],
		['only dependencies, autostart or env file paths', [p('a'), p('b')], [p('a', {dependencies: ['b'], autostart: false, env_file: ['x.env']}), p('b')], ['no changes']],
		['changed in dependency order', [p('web', {dependencies: ['db']}), p('db')], [p('web', {dependencies: ['db'], args: ['1']}), p('db', {args: ['2']})], ['~ db (args)', '~ web (args)']],
	])('%s', (_what, before, after, lines) => {
		expect(formatPlan(planReload(manifest(before), manifest(after)))).toEqual(lines);
	});

	it('tells which top-level changes the running pilot takes', () => {
		const plan = planReload(manifest([p('a')]), manifest([p('a')], {kill_timeout: 9, control_server: 'tcp', on_hangup: 'detach', logging: {dir: '/x'}}));
		expect(plan.settings.map(setting => [setting.key, setting.isApplied])).toEqual([['kill_timeout', true], ['control_server', false], ['on_hangup', false], ['logging', false]]);
		expect(summarizePlan(plan)).toContain('control_server not applied');
	});

	it('marks a changed process without a run: it takes the change at its next start', () => {
		const plan = planReload(manifest([p('a'), p('b')]), manifest([p('a', {args: ['1']}), p('b', {args: ['1']})]), name => name === 'a');
		expect(formatPlan(plan)).toEqual(['~ a (args)', '~ b (args) not running: used at its next start']);
	});

	it('a scale touches only the copies of its group', () => {
		const full = planReload(manifest([p('web-1'), p('lb', {args: ['1']})]), manifest([p('web-1'), p('web-2'), p('lb', {args: ['2']})]));
		const plan = scalePlan(full, new Set(['web-1', 'web-2']));
		expect(formatPlan(plan)).toEqual(['+ web-2']);
		expect(plan.unchanged).toEqual(['lb']);
	});
});
