import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {runCheck} from '../source/commands/check.js';
import {runSchema} from '../source/commands/schema.js';
import {buildCli} from './helpers/build-cli.js';

const root = path.join(import.meta.dirname, '..');
const demo = path.join(root, 'demo-manifests/demo.yml');
const broken = path.join(root, 'test/fixtures/bad-manifests/three-mistakes.yml');
const flags = {json: false, strict: false, tui: true, lines: 50};

/** Run a command in-process and capture what it writes. */
async function capture(run: () => Promise<number>): Promise<{code: number; stdout: string; stderr: string}> {
	let stdout = '';
	let stderr = '';
	const out = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
		stdout += String(chunk);
		return true;
	});
	const error = vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
		stderr += String(chunk);
		return true;
	});
	try {
		return {code: await run(), stdout, stderr};
	} finally {
		out.mockRestore();
		error.mockRestore();
	}
}

describe('runCheck', () => {
	it('prints the demo\'s start order by level, with executable, cwd, ready strategy and dependencies', async () => {
		const {code, stdout, stderr} = await capture(async () => runCheck([demo], flags));
		expect(code).toBe(0);
		expect(stderr).toBe('');
		expect(stdout).toContain('OK, 6 processes in 3 levels');
		const levels = stdout.split(/\n(?=Level \d)/).slice(1).map(block => [...block.matchAll(/^ {2}(\S.*)$/gm)].map(match => match[1]));
		expect(levels).toEqual([['db', 'cruncher'], ['api', 'worker'], ['flaky-job', 'reporter']]);
		expect(stdout).toMatch(/ready {7}pipe \(path=.*demo-manifests\/\.run\/db\.fifo, timeout 10s\)/);
		expect(stdout).toMatch(/ready {7}tcp \(host=127\.0\.0\.1, port=47801, timeout 10s\)/);
		expect(stdout).toMatch(/depends on {2}api, worker/);
		expect(stdout).toContain(`cwd         ${path.join(root, 'demo-manifests')}`);
	});

	it('prints toJSON() plus the levels with --json', async () => {
		const {code, stdout} = await capture(async () => runCheck([demo], {...flags, json: true}));
		expect(code).toBe(0);
		const report = JSON.parse(stdout) as {processes: Array<{name: string; ready_params: Record<string, unknown>}>; levels: string[][]; kill_timeout: number};
		expect(report.levels).toEqual([['db', 'cruncher'], ['api', 'worker'], ['flaky-job', 'reporter']]);
		expect(report.processes.map(process => process.name)).toEqual(['db', 'cruncher', 'api', 'worker', 'flaky-job', 'reporter']);
		expect(report.processes[2]!.ready_params).toEqual({host: '127.0.0.1', port: 47_801});
		expect(report.kill_timeout).toBe(5);
	});

	it('prints every problem to stderr and exits 1', async () => {
		const {code, stdout, stderr} = await capture(async () => runCheck([broken], flags));
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr.trim().split('\n')).toHaveLength(3);
		expect(stderr).toMatch(/three-mistakes\.yml:7:20 processes\[1\]\.dependencies\[0\] \(api\): Dependency 'db' for process 'api' not found\./);
	});

	it('prints a usage line without a manifest', async () => {
		const {code, stderr} = await capture(async () => runCheck([], flags));
		expect(code).toBe(1);
		expect(stderr).toBe('Usage: pilot-tui check <manifest> [--json] [--strict] [--graph[=mermaid]]\n');
	});

	it('prints the JSON Schema generated from the zod schema', async () => {
		const {code, stdout} = await capture(async () => runSchema([], flags));
		expect(code).toBe(0);
		const schema = JSON.parse(stdout) as {$schema: string; properties: {processes: {items: {required: string[]; properties: Record<string, unknown>}}}};
		expect(schema.$schema).toContain('json-schema.org');
		expect(schema.properties.processes.items.required).toEqual(['name', 'path']);
		expect(Object.keys(schema.properties.processes.items.properties)).toContain('max_restart_delay_sec');
	});
});

// The compiled CLI, built into a folder of its own so it does not race other builds of dist/.
describe('pilot-tui check, compiled', () => {
	let build: ReturnType<typeof buildCli>;
	let cli = '';
	let outDir = '';
	beforeAll(() => {
		build = buildCli('check-cli');
		cli = build.cli;
		outDir = path.dirname(cli);
	}, 120_000);
	afterAll(() => {
		build.remove();
	});

	const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', cwd: root});

	it('has been built', () => {
		expect(fs.existsSync(cli)).toBe(true);
		expect(fs.existsSync(path.join(outDir, 'commands/check.js'))).toBe(true);
	});

	it('exits 0 on the demo and prints the levels', () => {
		const result = run('check', 'demo-manifests/demo.yml');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^Level 0 \(no dependencies\)$/m);
		expect(result.stdout).toMatch(/^Level 2$/m);
	});

	it('exits 0 on small.yml', () => {
		const result = run('check', 'demo-manifests/small.yml', '--json');
		expect(result.status).toBe(0);
		expect((JSON.parse(result.stdout) as {levels: string[][]}).levels).toEqual([['first'], ['second', 'blink']]);
	});

	it.each([
		'test/fixtures/bad-manifests/three-mistakes.yml',
		'test/fixtures/bad-manifests/alias-bomb.yml',
		'test/fixtures/bad-manifests/binary-garbage.yml',
		'test/fixtures/bad-manifests/deep-nesting-flow.json',
		'test/fixtures/bad-manifests/duplicate-keys.json',
		'test/fixtures/bad-manifests/invalid-yaml-tab.yml',
		'test/fixtures/bad-manifests/no-such-file.yml',
	])('exits 1 on %s with file:line:col lines and no stack', file => {
		const result = run('check', file);
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('');
		const lines = result.stderr.trim().split('\n');
		for (const line of lines) {
			expect(line.startsWith(file)).toBe(true);
			expect(line).not.toMatch(/^\s+at /);
		}
	});

	it('locates every line of a manifest with mistakes', () => {
		const lines = run('check', broken).stderr.trim().split('\n');
		expect(lines.map(line => /^[^:]+:(\d+):(\d+) /.exec(line)?.slice(1))).toEqual([['4', '14'], ['7', '20'], ['10', '16']]);
	});

	it('fails on unknown keys only with --strict', () => {
		const file = 'test/fixtures/bad-manifests/strict-unknown-key.yml';
		const lax = run('check', file);
		expect(lax.status).toBe(0);
		expect(lax.stdout).toContain('did you mean \'affinity\'?');
		const strict = run('check', file, '--strict');
		expect(strict.status).toBe(1);
		expect(strict.stderr).toMatch(/strict-unknown-key\.yml:5:5 processes\[0\]\.processor_affinity \(web\): Unknown key/);
	});

	it('prints a usage line without a manifest', () => {
		const result = run('check');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('Usage: pilot-tui check <manifest>');
	});

	it('prints a schema that yaml-language-server can use', () => {
		const result = run('schema');
		expect(result.status).toBe(0);
		expect(JSON.parse(result.stdout)).toHaveProperty('properties.processes.items.properties.ready_params');
	});
});

