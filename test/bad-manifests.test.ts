import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {ManifestError, ProcessManifest} from '../source/pilot/manifest/process-manifest.js';

const folder = path.join(import.meta.dirname, 'fixtures/bad-manifests');

/** Each broken manifest and a piece of the sentence it must give; `unlocated` when the problem is the whole file. */
const corpus: Record<string, {expect: string; unlocated?: true}> = {
	'a-folder.yml': {expect: 'Manifest path is a folder, not a file', unlocated: true},
	'affinity-duplicate.yml': {expect: 'Affinity core 0 is listed twice for process: web'},
	'affinity-empty.yml': {expect: 'Affinity list is empty for process: web'},
	'affinity-float.yml': {expect: 'Expected an integer, got a number (0.5)'},
	'affinity-negative.yml': {expect: 'Affinity values must be between 0 and'},
	'affinity-string.yml': {expect: 'Expected a list, got a string ("0-1")'},
	'affinity-too-big.yml': {expect: 'Affinity core 4096 is out of range for process: web'},
	'alias-bomb.yml': {expect: 'Too many YAML aliases', unlocated: true},
	'args-numbers.yml': {expect: 'Expected a string, got a number (60) (quote it: "60")'},
	'args-string.yml': {expect: 'Expected a list, got a string ("60 70")'},
	'base-directory-list.yml': {expect: 'base_directory: Expected a string, got a list'},
	'base-directory-missing.yml': {expect: 'Base directory does not exist'},
	'binary-garbage.yml': {expect: 'This is not a text file', unlocated: true},
	'binary-png.json': {expect: 'This is not a text file', unlocated: true},
	'comments-only.yml': {expect: 'Manifest file is empty', unlocated: true},
	'control-server-number.yml': {expect: 'control_server: Expected a string, got a number (8080)'},
	'cycle-1.yml': {expect: 'Circular dependency detected involving process a and process a: a -> a'},
	'cycle-2.yml': {expect: 'Circular dependency detected involving process a and process b: a -> b -> a'},
	'cycle-5.yml': {expect: 'p1 -> p2 -> p3 -> p4 -> p5 -> p1'},
	'cycle-5.json': {expect: 'p1 -> p2 -> p3 -> p4 -> p5 -> p1'},
	'deep-nesting.yml': {expect: 'nested too deeply'},
	'deep-nesting-flow.json': {expect: 'nested too deeply'},
	'dependencies-string.yml': {expect: 'Expected a list, got a string ("db")'},
	'duplicate-keys.yml': {expect: 'Duplicate key \'name\''},
	'duplicate-keys.json': {expect: 'Duplicate key "path"'},
	'duplicate-names.yml': {expect: 'Duplicate process name found: \'web\''},
	'duplicate-top-key.yml': {expect: 'Duplicate key \'processes\''},
	'empty.yml': {expect: 'Manifest file is empty', unlocated: true},
	'empty-name.yml': {expect: 'processes[0].name: Must not be empty'},
	'env-list.yml': {expect: 'Expected a mapping, got a list'},
	'env-nested.yml': {expect: 'processes[0].env.DB (web): Expected a string, number or boolean, got a mapping'},
	'executable-is-folder.yml': {expect: 'Executable not found'},
	'executable-missing.yml': {expect: `Executable not found: ${path.join(folder, 'no-such-server.sh')}`},
	'executable-not-executable.yml': {expect: 'the file exists but is not executable'},
	'executable-not-on-path.yml': {expect: 'Executable not found: pilot-no-such-command-xyz'},
	'file-ready-no-path.yml': {expect: 'File and pipe ready strategies require \'path\' parameter: web'},
	'file-ready-path-number.yml': {expect: 'File and pipe ready strategies require \'path\' parameter: web'},
	'invalid-json-comments.json': {expect: 'Invalid JSON'},
	'invalid-json-trailing-comma.json': {expect: ':4:3: Invalid JSON: Unexpected token \']\''},
	'invalid-json-truncated.json': {expect: 'Invalid JSON: Unterminated string'},
	'invalid-json-unquoted-keys.json': {expect: ':2:3: Invalid JSON'},
	'invalid-yaml-bad-quote.yml': {expect: 'Invalid YAML'},
	'invalid-yaml-indent.yml': {expect: 'Invalid YAML'},
	'invalid-yaml-tab.yml': {expect: ':2:1: Invalid YAML: Tabs are not allowed as indentation'},
	'invalid-yaml-unclosed-flow.yml': {expect: 'Invalid YAML'},
	'kill-timeout-string.yml': {expect: 'kill_timeout: Expected a number, got a string ("five")'},
	'latin1.yml': {expect: ':2:14: The manifest is not valid UTF-8 text'},
	'lifecycle-hooks-string.yml': {expect: 'Expected a list, got a string ("notify")'},
	'max-restarts-float.yml': {expect: 'Expected an integer, got a number (2.5)'},
	'max-restarts-negative.yml': {expect: 'Must be at least 0, got a number (-3)'},
	'missing-dependency.yml': {expect: 'Dependency \'db\' for process \'web\' not found.'},
	'missing-name.yml': {expect: 'processes[0].name: Missing required key \'name\''},
	'missing-path.yml': {expect: 'processes[0].path (web): Missing required key \'path\''},
	'missing-processes.yml': {expect: 'Missing required key \'processes\''},
	'multi-document.yml': {expect: 'Invalid YAML: Source contains multiple documents'},
	'name-number.yml': {expect: 'Expected a string, got a number (5)'},
	'no-extension': {expect: 'Unsupported manifest file type \'(no extension)\'', unlocated: true},
	'path-list.yml': {expect: 'processes[0].path (web): Expected a string, got a list'},
	'pipe-ready-empty-path.yml': {expect: 'File and pipe ready strategies require \'path\' parameter: web'},
	'process-not-mapping.yml': {expect: 'Each process must be a mapping'},
	'process-null.yml': {expect: 'Each process must be a mapping'},
	'processes-not-list.yml': {expect: 'processes: Expected a list, got a mapping'},
	'ready-params-list.yml': {expect: 'processes[0].ready_params (web): Expected a mapping, got a list'},
	'ready-timeout-zero.yml': {expect: 'Must be greater than 0'},
	'restart-delay-string.yml': {expect: 'Expected a number, got a string ("fast")'},
	'shutdown-strategy-invalid.yml': {expect: 'Must be one of "restart", "do_not_restart", "shutdown_everything"'},
	'strict-unknown-key.yml': {expect: 'Unknown key \'processor_affinity\'; did you mean \'affinity\'?'},
	'strict-unknown-ready-param.yml': {expect: 'Unknown ready parameter \'hots\'; did you mean \'host\'?'},
	'strict-unknown-top-key.yml': {expect: 'Unknown key \'kill_timeout_sec\'; did you mean \'kill_timeout\'?'},
	'tcp-host-empty.yml': {expect: 'TCP ready strategy \'host\' must be a non-empty string'},
	'tcp-no-port.yml': {expect: 'TCP ready strategy requires \'port\' parameter: web'},
	'tcp-port-bad.json': {expect: ':2:28 processes[0].ready_params.port (web): TCP ready strategy \'port\' must be an integer from 1 to 65535'},
	'tcp-port-float.yml': {expect: 'must be an integer from 1 to 65535, got a number (80.5)'},
	'tcp-port-string.yml': {expect: 'must be an integer from 1 to 65535, got a string ("8080")'},
	'tcp-port-too-big.yml': {expect: 'must be an integer from 1 to 65535, got a number (70000)'},
	'tcp-port-zero.yml': {expect: 'must be an integer from 1 to 65535, got a number (0)'},
	'three-mistakes.yml': {expect: 'Dependency \'db\' for process \'api\' not found.'},
	'timeout-infinite.yml': {expect: 'Expected a finite number, got Infinity'},
	'timeout-nan.yml': {expect: 'Expected a finite number, got NaN'},
	'timeout-negative.yml': {expect: 'Must be at least 0, got a number (-1)'},
	'timeout-string.yml': {expect: 'processes[0].timeout (web): Expected a number, got a string ("soon")'},
	'top-level-list.json': {expect: 'The manifest must be a mapping with a \'processes\' list, got a list'},
	'top-level-list.yml': {expect: 'The manifest must be a mapping with a \'processes\' list, got a list'},
	'top-level-null.yml': {expect: 'Manifest file is empty', unlocated: true},
	'top-level-scalar.yml': {expect: 'got a string ("hello world")'},
	'utf16.yml': {expect: 'This is not a text file', unlocated: true},
	'whitespace-only.yml': {expect: 'Manifest file is empty', unlocated: true},
	'wildcard-no-match.yml': {expect: 'No matches found for wildcard path: ./bin-*/server'},
	'working-directory-missing.yml': {expect: 'Working directory does not exist'},
	'wrong-extension.txt': {expect: 'Unsupported manifest file type \'.txt\': use .yml, .yaml or .json', unlocated: true},
	'yaml-tagged-binary.yml': {expect: 'Expected a string, got binary data'},
};

function loadError(file: string, strict = false): ManifestError {
	try {
		ProcessManifest.fromFile(file, {strict});
	} catch (error) {
		expect(error).toBeInstanceOf(ManifestError);
		return error as ManifestError;
	}

	throw new Error(`${file} loaded without an error`);
}

describe('the bad-manifest corpus', () => {
	it('covers every file in the folder, and at least 60', () => {
		const files = fs.readdirSync(folder).filter(name => name !== 'README.txt');
		expect(files.sort()).toEqual(Object.keys(corpus).sort());
		expect(files.length).toBeGreaterThanOrEqual(60);
	});

	it.each(Object.entries(corpus))('%s gives a located, human ManifestError', (name, {expect: sentence, unlocated}) => {
		const file = path.join(folder, name);
		const error = loadError(file, name.startsWith('strict-'));
		expect(error.message).toContain(sentence);
		for (const line of error.message.split('\n')) {
			expect(line.startsWith(`${file}${unlocated ? ': ' : ':'}`)).toBe(true);
			if (!unlocated) {
				expect(line).toMatch(/^[^:]+:\d+:\d+[ :]/);
			}

			expect(line).not.toMatch(/^\s+at /);
			expect(line.length).toBeLessThan(400);
		}
	});

	it('only warns about unknown keys without strict', () => {
		const manifest = ProcessManifest.fromFile(path.join(folder, 'strict-unknown-key.yml'));
		expect(manifest.warnings).toHaveLength(1);
		expect(manifest.warnings[0]).toContain('did you mean \'affinity\'?');
	});
});

describe('generated monsters', () => {
	let temporary: string;
	beforeAll(() => {
		temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-bad-manifests-'));
	});
	afterAll(() => {
		fs.rmSync(temporary, {recursive: true, force: true});
	});

	it('refuses a huge file before parsing it', () => {
		const file = path.join(temporary, 'huge.yml');
		const entry = '  - name: p\n    path: sleep\n    args: ["' + 'x'.repeat(1000) + '"]\n';
		fs.writeFileSync(file, 'processes:\n' + entry.repeat(9000));
		const error = loadError(file);
		expect(error.message).toMatch(/huge\.yml: Manifest file is too large \(\d+\.\d MB; the limit is 8 MB\)$/);
	});

	it('checks a large but legal manifest with many processes and long chains', () => {
		const count = 3000;
		const processes = Array.from({length: count}, (_, index) => ({name: `p${index}`, path: 'sleep', dependencies: index === 0 ? [] : [`p${index - 1}`]}));
		const file = path.join(temporary, 'chain.json');
		fs.writeFileSync(file, JSON.stringify({processes}));
		const manifest = ProcessManifest.fromFile(file);
		expect(manifest.levels()).toHaveLength(count);
		processes[0]!.dependencies = [`p${count - 1}`];
		fs.writeFileSync(file, JSON.stringify({processes}));
		expect(loadError(file).message).toMatch(/: p0 -> p2999 -> p2998 -> .* -> \.\.\. \(2986 more\) -> p4 -> p3 -> p2 -> p1 -> p0$/);
	});

	it('refuses nesting deeper than any manifest needs', () => {
		const file = path.join(temporary, 'deep.json');
		fs.writeFileSync(file, `{"processes": [{"name": "a", "path": "sleep", "ready_strategy": "x", "ready_params": ${'{"a": '.repeat(200_000)}1${'}'.repeat(200_000)}}]}`);
		expect(loadError(file).message).toMatch(/nested too deeply/);
	});

	it('reports many errors without drowning the reader', () => {
		const processes = Array.from({length: 500}, (_, index) => ({name: `p${index}`, path: 'sleep', timeout: 'x'}));
		const file = path.join(temporary, 'many.json');
		fs.writeFileSync(file, JSON.stringify({processes}));
		const error = loadError(file);
		expect(error.issues).toHaveLength(500);
		expect(error.message.split('\n').at(-1)).toBe('... and 300 more problems');
	});
});

describe('the loaders only ever throw ManifestError', () => {
	let temporary: string;
	let counter = 0;
	beforeAll(() => {
		temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-fuzz-manifests-'));
	});
	afterAll(() => {
		fs.rmSync(temporary, {recursive: true, force: true});
	});

	const loadsOrExplains = (content: string | Uint8Array, extension: string): void => {
		const file = path.join(temporary, `fuzz-${counter++}${extension}`);
		fs.writeFileSync(file, content);
		try {
			ProcessManifest.fromFile(file);
		} catch (error) {
			if (!(error instanceof ManifestError)) {
				throw error;
			}

			expect(error.message.length).toBeGreaterThan(0);
			expect(error.message).not.toMatch(/^\s+at /m);
		} finally {
			fs.rmSync(file, {force: true});
		}
	};

	const jsonish = fc.letrec(tie => ({
		value: fc.oneof({depthSize: 'small'}, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), {maxLength: 4}), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('name', 'path', 'args', 'env', 'dependencies', 'affinity', 'ready_strategy', 'ready_params', 'port', 'timeout', '__proto__')), tie('value'), {maxKeys: 5})),
	})).value;
	const processLike = fc.record({
		name: fc.oneof(fc.string(), fc.constantFrom('a', 'b', 'c')),
		path: fc.oneof(fc.string(), fc.constantFrom('sleep', './x', '/bin/*', 'bin/*')),
		dependencies: fc.array(fc.constantFrom('a', 'b', 'c', 'd')),
		ready_strategy: fc.constantFrom('file', 'pipe', 'tcp', 'custom', null),
		ready_params: fc.dictionary(fc.constantFrom('path', 'port', 'host'), jsonish),
		affinity: fc.oneof(fc.constant(null), fc.array(fc.integer({min: -2, max: 200}))),
	}, {requiredKeys: []});

	it('for arbitrary text', () => {
		fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 300}), fc.constantFrom('.yml', '.json'), loadsOrExplains), {numRuns: 100});
	});

	it('for arbitrary bytes', () => {
		fc.assert(fc.property(fc.uint8Array({maxLength: 300}), fc.constantFrom('.yml', '.json'), loadsOrExplains), {numRuns: 100});
	});

	it('for arbitrary JSON-ish data, as JSON and as YAML', () => {
		fc.assert(fc.property(fc.oneof(jsonish, fc.record({processes: fc.oneof(jsonish, fc.array(processLike, {maxLength: 4}))})), fc.boolean(), (data, asYaml) => {
			loadsOrExplains(asYaml ? stringify(data) : JSON.stringify(data), asYaml ? '.yaml' : '.json');
		}), {numRuns: 120});
	});

	it('for arbitrary data given to fromObject', () => {
		fc.assert(fc.property(fc.oneof(jsonish, fc.record({processes: fc.array(processLike, {maxLength: 4}), kill_timeout: jsonish}, {requiredKeys: ['processes']})), data => {
			try {
				ProcessManifest.fromObject(data);
			} catch (error) {
				if (!(error instanceof ManifestError)) {
					throw error;
				}
			}
		}), {numRuns: 200});
	});
});
