import {execFile, spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {buildCli, root} from './helpers/build-cli.js';
import {isAlive, killQuietly, waitFor} from './helpers/proc.js';

const sleeper = path.join(root, 'test/fixtures/engine/sleeper.js');
let build: ReturnType<typeof buildCli>;
let directory: string;
let manifest: string;
let socket: string;
const children: ChildProcess[] = [];

beforeAll(() => {
	build = buildCli('reload-cli');
}, 120_000);

afterAll(() => {
	build.remove();
});

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-reload-'));
	manifest = path.join(directory, 'pilot.yml');
	socket = path.join(directory, 'pilot.sock');
});

afterEach(async () => {
	const pids = children.splice(0).map(child => child.pid!);
	killQuietly(pids, 'SIGTERM');
	await waitFor(() => pids.every(pid => !isAlive(pid)), 10_000);
	killQuietly(pids);
	fs.rmSync(directory, {recursive: true, force: true});
});

const entry = (name: string, extra: Record<string, unknown> = {}) => ({name, path: process.execPath, args: [sleeper], ...extra});

/** Save the way editors do: a new file renamed over the old one. */
function save(processes: unknown[]): void {
	fs.writeFileSync(`${manifest}.tmp`, stringify({processes}));
	fs.renameSync(`${manifest}.tmp`, manifest);
}

/** A headless pilot with no terminal (pipes only), and what it printed so far. */
function startPilot(...flags: string[]): {child: ChildProcess; output: () => string} {
	let output = '';
	const child = spawn(process.execPath, [build.cli, manifest, '--no-tui', '--socket', socket, ...flags], {cwd: directory, stdio: ['ignore', 'pipe', 'pipe']});
	children.push(child);
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	return {child, output: () => output};
}

async function ctl(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [build.cli, 'ctl', ...args, '--socket', socket], {cwd: directory, timeout: 60_000}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
	});
}

async function pids(): Promise<Record<string, number | null>> {
	const result = await ctl('status', '--json');
	return Object.fromEntries((JSON.parse(result.stdout) as Array<{name: string; pid: number | null; status: string}>).map(entry => [entry.name, entry.status === 'running' ? entry.pid : null]));
}

async function waitForRunning(names: string[], timeoutMs = 20_000): Promise<Record<string, number | null>> {
	let last: Record<string, number | null> = {};
	const isRunning = await waitFor(async () => {
		last = await pids().catch(() => ({}));
		return names.every(name => typeof last[name] === 'number') && Object.keys(last).length === names.length;
	}, timeoutMs);
	if (!isRunning) {
		throw new Error(`Expected exactly ${names.join(', ')} running, got ${JSON.stringify(last)}`);
	}

	return last;
}

describe('reloading a running pilot', () => {
	it('SIGHUP makes a headless pilot (no terminal) read its manifest again', async () => {
		save([entry('a'), entry('b')]);
		const {child} = startPilot();
		const before = await waitForRunning(['a', 'b']);
		save([entry('a'), entry('c')]);
		child.kill('SIGHUP');
		const after = await waitForRunning(['a', 'c']);
		expect(after['a']).toBe(before['a']);
		expect(isAlive(before['b']!)).toBe(false);
		expect(child.exitCode).toBeNull();
	}, 60_000);

	it('--watch reloads when the manifest is saved', async () => {
		save([entry('a')]);
		startPilot('--watch');
		const before = await waitForRunning(['a']);
		save([entry('a'), entry('b', {dependencies: ['a']})]);
		const after = await waitForRunning(['a', 'b']);
		expect(after['a']).toBe(before['a']);
	}, 60_000);

	it('ctl reload --dry-run prints the plan; an invalid manifest exits 1 with the located errors and changes nothing', async () => {
		save([entry('a'), entry('b')]);
		const {output} = startPilot();
		const before = await waitForRunning(['a', 'b']);
		save([entry('a', {args: [sleeper, 'x']}), entry('c')]);
		const dry = await ctl('reload', '--dry-run');
		expect(dry).toMatchObject({code: 0, stdout: 'Dry run: a reload would do\n  + c\n  - b\n  ~ a (args)\n'});
		save([entry('a', {dependencies: ['b']}), entry('b', {dependencies: ['a'], path: 'no-such-program'})]);
		const bad = await ctl('reload');
		expect(bad.code).toBe(1);
		expect(bad.stderr).toMatch(/pilot\.yml:\d+:\d+ processes\[1\]\.path \(b\): Executable not found: no-such-program/);
		expect(bad.stderr).toMatch(/pilot\.yml:\d+:\d+ processes\[0\]\.dependencies\[0\] \(a\): Circular dependency/);
		expect(await pids()).toEqual(before);
		expect(output()).toContain('Reload failed, nothing changed');
	}, 60_000);

	it('ctl scale web 5 adds two copies, ctl scale web 2 stops three; the others keep their pids', async () => {
		save([entry('web', {replicas: 3}), entry('lb', {dependencies: ['web']})]);
		startPilot();
		const three = await waitForRunning(['web-1', 'web-2', 'web-3', 'lb']);
		const up = await ctl('scale', 'web', '5');
		expect(up).toMatchObject({code: 0, stdout: 'Scaled web to 5\n  + web-4\n  + web-5\n'});
		const five = await waitForRunning(['web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'lb']);
		expect(five).toMatchObject(three);
		const down = await ctl('scale', 'web', '2');
		expect(down.stdout).toBe('Scaled web to 2\n  - web-5\n  - web-4\n  - web-3\n');
		const two = await waitForRunning(['web-1', 'web-2', 'lb']);
		expect(two).toEqual({'web-1': three['web-1'], 'web-2': three['web-2'], lb: three['lb']});
		expect(await ctl('scale', 'lb', '2')).toMatchObject({code: 1, stderr: expect.stringContaining("'lb' is not a replica group")});
		// The group's name stands for all its copies.
		const restarted = await ctl('restart', 'web');
		expect(restarted.stdout).toMatch(/^Restarted web-1: running \(pid \d+\)\nRestarted web-2: running \(pid \d+\)\n$/);
		const after = await pids();
		expect(after['web-1']).not.toBe(two['web-1']);
		expect(after['lb']).toBe(two['lb']);
	}, 60_000);
});
