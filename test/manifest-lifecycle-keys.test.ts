import {describe, expect, it} from 'vitest';
import {jsonAt} from './helpers/json-at.js';
import {manifestJsonSchema} from '../source/pilot/manifest/schema.js';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {thrown} from './helpers/manifest-error.js';

const load = (processes: unknown[]) => ProcessManifest.fromObject({processes});
const messages = (processes: unknown[]) => thrown(() => load(processes)).issues.filter(issue => issue.severity === 'error').map(issue => `${issue.field}: ${issue.message}`);

describe('health, readiness and lifecycle keys', () => {
	it('fills the health check defaults and reads dependencies with a condition', () => {
		const manifest = load([
			{name: 'migrate', path: 'true', shutdown_strategy: 'do_not_restart'},
			{name: 'web', path: 'sleep', dependencies: [{name: 'migrate', condition: 'completed'}], health_check: {strategy: 'tcp', params: {port: 80}}},
		]);
		const web = manifest.processes[1]!;
		expect(web.dependencies).toEqual(['migrate']);
		expect(web.dependency_conditions).toEqual({migrate: 'completed'});
		expect(web.health_check).toEqual({strategy: 'tcp', params: {port: 80}, interval_sec: 10, timeout_sec: 2, retries: 3, start_period_sec: 0, on_unhealthy: 'restart'});
	});

	it('gives located errors with the valid choices for bad values', () => {
		expect(messages([
			{name: 'a', path: 'sleep', autostart: 'no', success_exit_codes: [256], health_check: {strategy: 'http', on_unhealthy: 'kill', retries: 0}},
		]).sort()).toEqual([
			'processes[0].autostart: Expected true or false, got a string ("no")',
			'processes[0].health_check.on_unhealthy: Must be one of "restart", "none", got a string ("kill")',
			'processes[0].health_check.retries: Must be greater than 0, got a number (0)',
			'processes[0].success_exit_codes[0]: Must be at most 255, got a number (256)',
		]);
		expect(messages([{name: 'a', path: 'sleep', dependencies: [{name: 'b', condition: 'done'}]}, {name: 'b', path: 'sleep'}]))
			.toEqual(['processes[0].dependencies[0].condition: Must be one of "ready", "completed", got a string ("done")']);
	});

	it('checks the params of the http, exec and log ready strategies and of the built-in health checks', () => {
		expect(messages([
			{name: 'a', path: 'sleep', ready_strategy: 'http', ready_params: {url: 'ftp://x'}},
			{name: 'b', path: 'sleep', ready_strategy: 'exec'},
			{name: 'c', path: 'sleep', ready_strategy: 'log', ready_params: {pattern: '(', stream: 'stdin'}},
			{name: 'd', path: 'sleep', health_check: {strategy: 'exec', params: {}}},
		]).sort()).toEqual([
			"processes[0].ready_params.url: The http ready strategy 'url' must be an http:// or https:// URL, got a string (\"ftp://x\"): a",
			"processes[1].ready_params: The exec ready strategy requires 'command': a list of strings, or a string run by /bin/sh -c: b",
			"processes[2].ready_params.pattern: The log ready strategy 'pattern' is not a valid regular expression: Invalid regular expression: /(/: Unterminated group: c",
			'processes[2].ready_params.stream: The log ready strategy \'stream\' must be one of "stdout", "stderr", "both", got a string ("stdin"): c',
			"processes[3].health_check.params: The exec health check requires 'command': a list of strings, or a string run by /bin/sh -c: d",
		]);
	});

	it('rejects condition: completed on a process that restarts (it would never complete)', () => {
		expect(messages([{name: 'job', path: 'true'}, {name: 'app', path: 'sleep', dependencies: [{name: 'job', condition: 'completed'}]}]))
			.toEqual(["processes[1].dependencies[0]: 'job' never completes: condition 'completed' needs shutdown_strategy: do_not_restart on 'job'"]);
	});

	it('the JSON Schema covers every new key', () => {
		const schema = manifestJsonSchema();
		const process = jsonAt(schema, 'properties', 'processes', 'items', 'properties');
		for (const key of ['env_file', 'autostart', 'success_exit_codes', 'health_check']) {
			expect(jsonAt(process, key)).toBeDefined();
		}

		expect(jsonAt(schema, 'properties', 'env_file')).toBeDefined();
		expect(jsonAt(process, 'health_check', 'anyOf', 0, 'properties', 'on_unhealthy', 'enum') ?? jsonAt(process, 'health_check', 'properties', 'on_unhealthy', 'enum')).toEqual(['restart', 'none']);
		expect(jsonAt(process, 'dependencies', 'items', 'anyOf')).toHaveLength(2);
	});
});
