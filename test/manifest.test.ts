import {execFileSync} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {Process} from '../source/pilot/model/process-model.js';
import {thrown} from './helpers/manifest-error.js';

const fixtures = path.join(import.meta.dirname, 'fixtures/manifests');
const sleep = execFileSync('sh', ['-c', 'command -v sleep'], {encoding: 'utf8'}).trim();

describe('loading the original\'s example manifests', () => {
	it('loads services.json in start order, every sleep resolved on PATH, names with spaces', () => {
		const manifest = ProcessManifest.fromJson(path.join(fixtures, 'services.json'));
		expect(manifest.processes.map(process => process.name)).toEqual(['example 3', 'example 2', 'example', 'example 4']);
		expect(manifest.processes.every(process => process.path === sleep)).toBe(true);
		expect(manifest.processes[0]!.args).toEqual(['15']);
		expect(manifest.processes[0]!.timeout).toBe(3);
		expect(manifest.processes[2]!.env['LOG_LEVEL']).toBe('DEBUG');
		expect(manifest.filePath).toBe(path.join(fixtures, 'services.json'));
		expect(manifest.warnings).toEqual([]);
	});

	it('loads services.yaml with timeout 1.0 and the default strategy restart', () => {
		const manifest = ProcessManifest.fromYaml(path.join(fixtures, 'services.yaml'));
		expect(manifest.processes).toHaveLength(1);
		const [process] = manifest.processes;
		expect(process!.args).toEqual(['5']);
		expect(process!.path).toBe(sleep);
		expect(process!.timeout).toBe(1);
		expect(process!.shutdown_strategy).toBe('restart');
		expect(process!.env).toEqual({PORT: '8080', REDIS_URL: 'redis://localhost:6379', DEBUG: 'true', APP_ENV: 'development'});
	});

	it('picks the parser by extension in fromFile', () => {
		expect(ProcessManifest.fromFile(path.join(fixtures, 'services.json')).processes).toHaveLength(4);
		expect(ProcessManifest.fromFile(path.join(fixtures, 'services.yaml')).processes).toHaveLength(1);
	});

	it('fills every default of the seed and the restart keys', () => {
		const manifest = ProcessManifest.fromObject({processes: [{name: 'a', path: 'sleep'}]});
		expect(manifest.toJSON()).toEqual({
			processes: [{
				name: 'a', path: sleep, args: [], env: {}, working_directory: process.cwd(), timeout: 5, shutdown_strategy: 'restart',
				dependencies: [], lifecycle_hooks: [], stat_handlers: [], ready_strategy: null, ready_timeout_sec: 5, ready_params: {},
				affinity: null, min_uptime_sec: 5, restart_delay_sec: 0.5, max_restart_delay_sec: 30, max_restarts: null,
				dependency_conditions: {}, env_file: [], autostart: true, success_exit_codes: [0], health_check: null, stop_signal: 'SIGTERM', kill_mode: 'group',
			}],
			control_server: null,
			kill_timeout: 5,
			base_directory: null,
			on_hangup: 'stop',
		});
	});

	it('reports a missing file as a ManifestError naming it (the original raised FileNotFoundError)', () => {
		for (const load of [(file: string) => ProcessManifest.fromJson(file), (file: string) => ProcessManifest.fromYaml(file), (file: string) => ProcessManifest.fromFile(file)]) {
			const error = thrown(() => load(path.join(fixtures, 'missing.json')));
			expect(error.message).toBe(`${path.join(fixtures, 'missing.json')}: Manifest file not found: ${path.join(fixtures, 'missing.json')}`);
		}
	});
});

describe('dependencies', () => {
	it('orders [process3(dep process2), process1, process2(dep process1)] as process1, process2, process3', () => {
		const manifest = ProcessManifest.fromFile(path.join(fixtures, 'mixed-order.yml'));
		expect(manifest.processes.map(process => process.name)).toEqual(['process1', 'process2', 'process3']);
		expect(manifest.levels().map(level => level.map(process => process.name))).toEqual([['process1'], ['process2'], ['process3']]);
	});

	it('keeps manifest order between processes of one level', () => {
		const manifest = ProcessManifest.fromObject({processes: [
			{name: 'z', path: 'sleep', dependencies: ['b']},
			{name: 'b', path: 'sleep'},
			{name: 'a', path: 'sleep'},
			{name: 'y', path: 'sleep', dependencies: ['a']},
		]});
		expect(manifest.processes.map(process => process.name)).toEqual(['b', 'a', 'z', 'y']);
		expect(manifest.levels().map(level => level.map(process => process.name))).toEqual([['b', 'a'], ['z', 'y']]);
	});

	it('rejects a cycle of two on its own, printing the whole cycle', () => {
		const error = thrown(() => new ProcessManifest({processes: [
			new Process({name: 'process1', path: sleep, dependencies: ['process2']}),
			new Process({name: 'process2', path: sleep, dependencies: ['process1']}),
		]}));
		expect(error.message).toBe('processes[0].dependencies[0] (process1): Circular dependency detected involving process process1 and process process2: process1 -> process2 -> process1');
	});

	it('reports each of several cycles once', () => {
		const error = thrown(() => ProcessManifest.fromObject({processes: [
			{name: 'a', path: 'sleep', dependencies: ['a']},
			{name: 'b', path: 'sleep', dependencies: ['c']},
			{name: 'c', path: 'sleep', dependencies: ['b', 'a']},
		]}));
		expect(error.issues.map(issue => issue.message.split(': ')[1])).toEqual(['a -> a', 'b -> c -> b']);
	});

	it('rejects duplicate names and missing dependencies', () => {
		// At construction, as the original's validators run in its constructor.
		expect(thrown(() => new ProcessManifest({processes: [{name: 'process1', path: sleep}, {name: 'process1', path: sleep}]})).message).toContain('Duplicate process name found: \'process1\'');
		expect(thrown(() => new ProcessManifest({processes: [{name: 'process1', path: sleep, dependencies: ['nonexistent']}]})).message).toMatch(/Dependency 'nonexistent' for process 'process1' not found\./);
		const valid = new ProcessManifest({processes: [{name: 'web', path: sleep, dependencies: ['db']}, {name: 'db', path: sleep}]});
		expect(valid.processes.map(process => process.name)).toEqual(['db', 'web']);
		expect(() => valid.orderDependencies()).not.toThrow();
	});

	it('does not call a dependency missing when its entry only had a type error', () => {
		const error = thrown(() => ProcessManifest.fromObject({processes: [
			{name: 'db', path: 'sleep', timeout: 'soon'},
			{name: 'web', path: 'sleep', dependencies: ['db']},
		]}));
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.field).toBe('processes[0].timeout');
	});
});

describe('shape', () => {
	it('rejects an unknown shutdown_strategy (the original: ValueError)', () => {
		const error = thrown(() => ProcessManifest.fromObject({processes: [{name: 'a', path: 'sleep', shutdown_strategy: 'invalid_strategy'}]}));
		expect(error.message).toBe('processes[0].shutdown_strategy (a): Must be one of "restart", "do_not_restart", "shutdown_everything", got a string ("invalid_strategy")');
	});

	it('warns about an unknown key with a near match, and fails on it with strict', () => {
		const file = path.join(fixtures, 'warnings.yml');
		const manifest = ProcessManifest.fromFile(file);
		expect(manifest.warnings).toEqual([
			`${file}:4:5 processes[0].processor_affinity (web): Unknown key 'processor_affinity'; did you mean 'affinity'? (ignored)`,
			`${file}:8:7 processes[0].ready_params.hots (web): Unknown ready parameter 'hots'; did you mean 'host'? (ignored)`,
		]);
		const error = thrown(() => ProcessManifest.fromFile(file, {strict: true}));
		expect(error.issues.map(issue => issue.severity)).toEqual(['error', 'error']);
		expect(error.message).toContain('did you mean \'affinity\'?');
	});

	it('accepts numbers and booleans as env values and turns them into strings', () => {
		const manifest = ProcessManifest.fromObject({processes: [{name: 'a', path: 'sleep', env: {PORT: 8080, DEBUG: true}}]});
		expect(manifest.processes[0]!.env).toEqual({PORT: '8080', DEBUG: 'true'});
	});

	it('only ever throws ManifestError from fromObject, whatever it gets', () => {
		for (const data of [undefined, null, 0, 'x', [], {processes: null}, {processes: [1, 'a', null, []]}, new Map()]) {
			thrown(() => ProcessManifest.fromObject(data));
		}
	});
});

describe('ready config', () => {
	it('requires path for file and pipe and port for tcp (the original\'s sentences)', () => {
		const file = new ProcessManifest({processes: [{name: 'process1', path: sleep, ready_strategy: 'file', ready_params: {}}]});
		expect(thrown(() => file.validateReadyConfig()).message).toContain('File and pipe ready strategies require \'path\' parameter: process1');
		const tcp = new ProcessManifest({processes: [
			{name: 'process1', path: sleep, ready_strategy: 'file', ready_params: {path: '/tmp/ready'}},
			{name: 'process2', path: sleep, ready_strategy: 'tcp', ready_params: {}},
		]});
		expect(thrown(() => tcp.validateReadyConfig()).message).toBe('processes[1].ready_params (process2): TCP ready strategy requires \'port\' parameter: process2');
	});

	it('defaults the tcp host to localhost and keeps a custom strategy\'s params as given', () => {
		const manifest = ProcessManifest.fromObject({processes: [
			{name: 'api', path: 'sleep', ready_strategy: 'tcp', ready_params: {port: 8080}},
			{name: 'custom', path: 'sleep', ready_strategy: 'http_ok', ready_params: {url: 'http://x/health', path: 'relative', retries: [1, 2]}},
		]});
		expect(manifest.processes[0]!.ready_params).toEqual({port: 8080, host: 'localhost'});
		expect(manifest.processes[1]!.ready_params).toEqual({url: 'http://x/health', path: 'relative', retries: [1, 2]});
	});

	it.each([0, 65_536, -1, 80.5, '8080', null, true])('rejects tcp port %j', port => {
		const error = thrown(() => ProcessManifest.fromObject({processes: [{name: 'api', path: 'sleep', ready_strategy: 'tcp', ready_params: {port}}]}));
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.message).toMatch(/^TCP ready strategy (requires 'port' parameter|'port' must be an integer from 1 to 65535)/);
		expect(error.issues[0]!.process).toBe('api');
	});

	it('accepts tcp ports 1 and 65535', () => {
		for (const port of [1, 65_535]) {
			expect(ProcessManifest.fromObject({processes: [{name: 'api', path: 'sleep', ready_strategy: 'tcp', ready_params: {port}}]}).processes).toHaveLength(1);
		}
	});
});

describe('cpu affinity', () => {
	const withAffinity = (affinity: unknown) => new ProcessManifest({processes: [{name: 'process1', path: sleep, affinity: affinity as number[]}]});

	it('accepts valid lists, as the original did with 4 CPUs', () => {
		expect(withAffinity([0, 1]).validateCpuAffinity(4)).toBeInstanceOf(ProcessManifest);
		expect(withAffinity([2, 3]).validateCpuAffinity(4)).toBeInstanceOf(ProcessManifest);
		expect(withAffinity(null).validateCpuAffinity(4)).toBeInstanceOf(ProcessManifest);
	});

	it('names the core and the process when out of range, and gives the range for negatives', () => {
		expect(thrown(() => withAffinity([4]).validateCpuAffinity(4)).message).toContain('Affinity core 4 is out of range for process: process1');
		expect(thrown(() => withAffinity([-1]).validateCpuAffinity(4)).message).toContain('Affinity values must be between 0 and 3');
	});

	it('rejects [], [-1], [cpus] and duplicates against this machine\'s CPU count, naming the process', () => {
		const cpus = os.availableParallelism();
		for (const affinity of [[], [-1], [cpus], [0, 0]]) {
			const error = thrown(() => ProcessManifest.fromObject({processes: [{name: 'pinned one', path: 'sleep', affinity}]}));
			expect(error.issues).toHaveLength(1);
			expect(error.issues[0]!.message).toMatch(/for process: pinned one/);
		}

		const valid = ProcessManifest.fromObject({processes: [{name: 'pinned', path: 'sleep', affinity: [...Array.from({length: cpus}).keys()]}]});
		expect(valid.processes[0]!.affinity).toHaveLength(cpus);
	});
});

describe('$schema', () => {
	it('accepts a top-level $schema key silently (editors use it)', () => {
		const manifest = ProcessManifest.fromObject({$schema: './pilot.schema.json', processes: [{name: 'a', path: 'sleep'}]}, {strict: true});
		expect(manifest.warnings).toEqual([]);
	});
});
