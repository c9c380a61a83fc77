import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {logicalCpuCount} from '../source/pilot/manifest/validate-affinity.js';
import {ManifestError, ProcessManifest} from '../source/pilot/manifest/process-manifest.js';

const folder = path.join(import.meta.dirname, 'fixtures/manifests/sentences');
const manifests = path.dirname(folder);

function errorOf(name: string): ManifestError {
	const file = path.join(folder, name);
	try {
		ProcessManifest.fromFile(file);
	} catch (error) {
		expect(error).toBeInstanceOf(ManifestError);
		return error as ManifestError;
	}

	throw new Error(`${name} loaded without an error`);
}

const cpus = logicalCpuCount();

// Each sentence of the original (BEHAVIOUR.md §2), produced by a fixture, with its exact place.
const cases: Array<[string, string]> = [
	['executable-not-found.yml', `5:11 processes[1].path (web server): Executable not found: ${path.join(manifests, 'bin/no-such-server')}`],
	['wildcard-no-match.yml', '4:11 processes[0].path (web): No matches found for wildcard path: ../bin/nothing-*.sh'],
	['duplicate-name.yml', '5:11 processes[1].name (web): Duplicate process name found: \'web\''],
	['missing-dependency.yml', '6:24 processes[1].dependencies[1] (web): Dependency \'cache\' for process \'web\' not found.'],
	['circular.yml', '8:9 processes[1].dependencies[0] (b): Circular dependency detected involving process b and process a: b -> a -> b'],
	['circular.json', '3:53 processes[0].dependencies[0] (a): Circular dependency detected involving process a and process b: a -> b -> a'],
	['file-ready-path.yml', '5:5 processes[0].ready_params (worker): File and pipe ready strategies require \'path\' parameter: worker'],
	['pipe-ready-path.yml', '6:13 processes[0].ready_params.path (db): File and pipe ready strategies require \'path\' parameter: db'],
	['tcp-ready-port.yml', '5:5 processes[0].ready_params (api): TCP ready strategy requires \'port\' parameter: api'],
	['affinity-out-of-range.yml', '4:19 processes[0].affinity[1] (cruncher): Affinity core 4096 is out of range for process: cruncher'],
	['affinity-negative.yml', `5:9 processes[0].affinity[0] (cruncher): Affinity values must be between 0 and ${cpus - 1}`],
	['working-directory.yml', `4:24 processes[0].working_directory (web): Working directory does not exist: ${path.join(manifests, 'no-such-folder')}`],
];

describe('the original\'s error sentences, located', () => {
	it.each(cases)('%s gives "%s"', (name, expected) => {
		const error = errorOf(name);
		expect(error.issues.filter(issue => issue.severity === 'error')).toHaveLength(1);
		expect(error.message.startsWith(`${path.join(folder, name)}:${expected}`)).toBe(true);
	});

	it('keeps the issue parts apart for programs', () => {
		const [issue] = errorOf('missing-dependency.yml').issues;
		expect(issue).toEqual({
			file: path.join(folder, 'missing-dependency.yml'),
			line: 6,
			column: 24,
			field: 'processes[1].dependencies[1]',
			process: 'web',
			message: 'Dependency \'cache\' for process \'web\' not found.',
			severity: 'error',
		});
	});

	it('reports every problem of a manifest at once, in file order', () => {
		const error = errorOf('../../bad-manifests/three-mistakes.yml');
		expect(error.issues.map(issue => [issue.line, issue.field])).toEqual([
			[4, 'processes[0].timeout'],
			[7, 'processes[1].dependencies[0]'],
			[10, 'processes[2].affinity[0]'],
		]);
		expect(error.message.split('\n')).toHaveLength(3);
	});
});
