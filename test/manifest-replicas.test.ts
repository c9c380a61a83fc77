import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {manifestJsonSchema} from '../source/pilot/manifest/schema.js';
import {isNumericField} from '../source/pilot/manifest/numeric-fields.js';
import {temporaryDirectory} from './helpers/engine.js';

const node = process.execPath;

describe('replicas: N', () => {
	it('makes copies name-1..name-N with PILOT_REPLICA filled in, and a dependency on the name means every copy', () => {
		const manifest = ProcessManifest.fromObject({processes: [
			{name: 'web', path: node, args: ['--port', '808${PILOT_REPLICA}', '$${PILOT_REPLICA}'], env: {ID: 'w${PILOT_REPLICA}'}, replicas: 2, ready_strategy: 'tcp', ready_params: {port: '808${PILOT_REPLICA}'}, timeout: '${PILOT_REPLICA}'},
			{name: 'lb', path: node, dependencies: [{name: 'web', condition: 'ready'}]},
		]});
		const [first, second, lb] = manifest.processes;
		expect(manifest.processes.map(process => process.name)).toEqual(['web-1', 'web-2', 'lb']);
		expect(second!.args).toEqual(['--port', '8082', '${PILOT_REPLICA}']);
		expect(second!.env).toEqual({ID: 'w2', PILOT_REPLICA: '2'});
		expect(second!.ready_params).toEqual({port: 8082, host: 'localhost'});
		expect([first!.timeout, second!.timeout]).toEqual([1, 2]);
		expect(second!.replica).toEqual({group: 'web', index: 2});
		expect(lb!.dependencies).toEqual(['web-1', 'web-2']);
		expect(lb!.dependency_conditions).toEqual({'web-1': 'ready', 'web-2': 'ready'});
		expect(manifest.replicaGroups.get('web')).toEqual(['web-1', 'web-2']);
	});

	it('locates a problem of a copy at the entry, named after the copy; a quoted number without a variable stays an error', () => {
		const folder = temporaryDirectory();
		const file = path.join(folder, 'pilot.yml');
		fs.writeFileSync(file, [
			'processes:',
			'  - name: web',
			`    path: ${node}`,
			'    replicas: 2',
			'    ready_strategy: tcp',
			'    ready_params: {port: "9${PILOT_REPLICA}0000"}',
			'  - name: one',
			`    path: ${node}`,
			'    ready_strategy: tcp',
			'    ready_params: {port: "8080"}',
			'  - name: bad',
			`    path: ${node}`,
			'    replicas: 0',
			'',
		].join('\n'));
		const message = (() => {
			try {
				ProcessManifest.fromFile(file);
				return '';
			} catch (error) {
				return (error as Error).message;
			}
		})();
		fs.rmSync(folder, {recursive: true, force: true});
		expect(message).toContain(`${file}:6:26 processes[0].ready_params.port (web-1): TCP ready strategy 'port' must be an integer from 1 to 65535, got a number (910000): web-1`);
		expect(message).toContain(`${file}:6:26 processes[0].ready_params.port (web-2)`);
		expect(message).toContain(`${file}:10:26 processes[1].ready_params.port (one): TCP ready strategy 'port' must be an integer from 1 to 65535, got a string ("8080") (write it without quotes)`);
		expect(message).toContain(`${file}:13:15 processes[2].replicas (bad): Must be at least 1`);
	});

	it('knows which fields are numeric', () => {
		expect(isNumericField(['processes', 0, 'ready_params', 'port'])).toBe(true);
		expect(isNumericField(['processes', 0, 'health_check', 'params', 'port'])).toBe(true);
		expect(isNumericField(['processes', 0, 'affinity', 1])).toBe(true);
		expect(isNumericField(['kill_timeout'])).toBe(true);
		expect(isNumericField(['processes', 0, 'args', 0])).toBe(false);
		expect(isNumericField(['processes', 0, 'env', 'PORT'])).toBe(false);
	});

	it('the JSON Schema knows replicas and takes ${VAR} strings in numeric fields', () => {
		const schema = manifestJsonSchema() as {properties: {processes: {items: {properties: Record<string, {anyOf?: unknown[]; type?: string}>}}}};
		const {properties} = schema.properties.processes.items;
		expect(properties['replicas']).toMatchObject({type: 'integer', minimum: 1});
		expect(properties['timeout']!.anyOf).toContainEqual(expect.objectContaining({type: 'string', pattern: '\\$\\{'}));
	});
});
