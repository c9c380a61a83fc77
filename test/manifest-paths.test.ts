import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {thrown} from './helpers/manifest-error.js';

const fixtures = path.join(import.meta.dirname, 'fixtures/manifests');
const bin = path.join(fixtures, 'bin');

describe('paths resolve against the manifest, not the cwd (the original used the cwd)', () => {
	const cwd = process.cwd();
	let elsewhere: string;
	beforeEach(() => {
		elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-manifest-cwd-'));
		process.chdir(elsewhere);
	});
	afterEach(() => {
		process.chdir(cwd);
		fs.rmSync(elsewhere, {recursive: true, force: true});
	});

	it('resolves path, working_directory and ready paths against the manifest folder', () => {
		const manifest = ProcessManifest.fromFile(path.relative(elsewhere, path.join(fixtures, 'relative.yml')));
		const [tool, inWork, onPath] = manifest.processes;
		expect(tool!.path).toBe(path.join(bin, 'tool-a.sh'));
		expect(tool!.working_directory).toBe(bin);
		expect(tool!.ready_params).toEqual({path: path.join(fixtures, '.run/tool.ready')});
		expect(inWork!.path).toBe(path.join(bin, 'tool-b.sh'));
		expect(inWork!.working_directory).toBe(path.join(fixtures, 'work'));
		expect(inWork!.ready_params).toEqual({path: path.join(fixtures, '.run/in-work.fifo')});
		expect(onPath!.working_directory).toBe(fixtures);
		expect(onPath!.ready_params).toEqual({port: 47_899, host: 'localhost'});
	});

	it('lets base_directory take precedence over the manifest folder', () => {
		const manifest = ProcessManifest.fromFile(path.join(fixtures, 'base-dir/base.yml'));
		expect(manifest.base_directory).toBe(fixtures);
		const [tool, onPath] = manifest.processes;
		expect(tool!.path).toBe(path.join(bin, 'tool-a.sh'));
		expect(tool!.working_directory).toBe(path.join(fixtures, 'work'));
		expect(tool!.ready_params['path']).toBe(path.join(fixtures, '.run/tool.ready'));
		expect(onPath!.working_directory).toBe(fixtures);
	});

	it('resolves fromObject paths against the given directory, else the cwd', () => {
		const data = {processes: [{name: 'tool', path: 'bin/tool-a.sh'}]};
		expect(ProcessManifest.fromObject(data, {directory: fixtures}).processes[0]!.path).toBe(path.join(bin, 'tool-a.sh'));
		expect(thrown(() => ProcessManifest.fromObject(data)).message).toBe(`processes[0].path (tool): Executable not found: ${path.join(process.cwd(), 'bin/tool-a.sh')}`);
		expect(ProcessManifest.fromObject({...data, base_directory: fixtures}).processes[0]!.path).toBe(path.join(bin, 'tool-a.sh'));
	});
});

describe('resolvePaths', () => {
	const manifestOf = (executable: string) => new ProcessManifest({processes: [{name: 'process1', path: executable}]}, {directory: fixtures});

	it('keeps an absolute path to an executable file', () => {
		const executable = path.join(bin, 'tool-a.sh');
		expect(manifestOf(executable).resolvePaths().processes[0]!.path).toBe(executable);
	});

	it('picks the first sorted wildcard match and warns when there were several', () => {
		const manifest = ProcessManifest.fromFile(path.join(fixtures, 'wildcard.yml'));
		expect(manifest.processes.map(process => process.path)).toEqual([path.join(bin, 'tool-a.sh'), path.join(bin, 'tool-b.sh')]);
		expect(manifest.warnings).toHaveLength(1);
		expect(manifest.warnings[0]).toMatch(/wildcard\.yml:3:11 processes\[0\]\.path \(picked\): Wildcard path bin\/tool-\*\.sh matched 2 files; using the first/);
	});

	it('reports a wildcard without matches', () => {
		expect(thrown(() => manifestOf('/no/such/folder/*').resolvePaths()).message).toBe('processes[0].path (process1): No matches found for wildcard path: /no/such/folder/*');
	});

	it('reports a missing executable, a folder, and a file without the executable bit', () => {
		expect(thrown(() => manifestOf('/test/path/executable').resolvePaths()).message).toContain('Executable not found: /test/path/executable');
		expect(thrown(() => manifestOf(bin).resolvePaths()).message).toContain(`Executable not found: ${bin}`);
		expect(thrown(() => manifestOf('bin/plain.txt').resolvePaths()).message).toContain(`Executable not found: ${path.join(bin, 'plain.txt')} (the file exists but is not executable`);
	});

	it('treats a Windows-style path as a relative file name on POSIX', () => {
		expect(thrown(() => manifestOf(String.raw`C:\test\path\executable`).resolvePaths()).message).toContain(`Executable not found: ${path.join(fixtures, String.raw`C:\test\path\executable`)}`);
	});

	describe('bare names on PATH', () => {
		const savedPath = process.env['PATH'];
		let root: string;
		beforeEach(() => {
			root = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-manifest-path-'));
			for (const folder of ['a', 'b', 'c', 'd']) {
				fs.mkdirSync(path.join(root, folder));
			}

			fs.mkdirSync(path.join(root, 'a/my-tool'));
			fs.writeFileSync(path.join(root, 'b/my-tool'), '#!/bin/sh\n', {mode: 0o644});
			fs.writeFileSync(path.join(root, 'c/my-tool'), '#!/bin/sh\n', {mode: 0o755});
			fs.writeFileSync(path.join(root, 'd/my-tool'), '#!/bin/sh\n', {mode: 0o755});
			process.env['PATH'] = ['a', 'b', 'c', 'd'].map(folder => path.join(root, folder)).join(path.delimiter);
		});
		afterEach(() => {
			process.env['PATH'] = savedPath;
			fs.rmSync(root, {recursive: true, force: true});
		});

		it('takes the first PATH entry that is an executable file, skipping folders and plain files', () => {
			expect(manifestOf('my-tool').resolvePaths().processes[0]!.path).toBe(path.join(root, 'c/my-tool'));
		});

		it('reports a name found nowhere on PATH', () => {
			expect(thrown(() => manifestOf('not-my-tool').resolvePaths()).message).toBe('processes[0].path (process1): Executable not found: not-my-tool (no executable file of that name on PATH)');
		});
	});
});

describe('setWorkingDirectory', () => {
	it('defaults to the executable\'s folder for a path', () => {
		const manifest = new ProcessManifest({processes: [{name: 'p', path: 'bin/tool-a.sh'}]}, {directory: fixtures});
		expect(manifest.setWorkingDirectory().processes[0]!.working_directory).toBe(bin);
	});

	it('defaults to the manifest folder for a command found on PATH', () => {
		const manifest = new ProcessManifest({processes: [{name: 'p', path: 'sleep'}]}, {directory: fixtures});
		expect(manifest.resolvePaths().setWorkingDirectory().processes[0]!.working_directory).toBe(fixtures);
	});

	it('makes a given folder absolute against the manifest folder (the original kept it relative)', () => {
		const manifest = new ProcessManifest({processes: [{name: 'p', path: 'sleep', working_directory: 'work'}]}, {directory: fixtures});
		expect(manifest.setWorkingDirectory().processes[0]!.working_directory).toBe(path.join(fixtures, 'work'));
	});

	it('reads a leading ~ as the home folder', () => {
		const manifest = new ProcessManifest({processes: [{name: 'p', path: 'sleep', working_directory: '~'}]}, {directory: fixtures});
		expect(manifest.setWorkingDirectory().processes[0]!.working_directory).toBe(os.homedir());
	});

	it('reports a folder that does not exist', () => {
		const manifest = new ProcessManifest({processes: [{name: 'p', path: 'sleep', working_directory: 'nowhere'}]}, {directory: fixtures});
		expect(thrown(() => manifest.setWorkingDirectory()).message).toBe(`processes[0].working_directory (p): Working directory does not exist: ${path.join(fixtures, 'nowhere')}`);
	});
});
