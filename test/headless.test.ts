import {type ChildProcess, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createHeadlessPrinter} from '../source/commands/headless-printer.js';
import {buildCli, root} from './helpers/build-cli.js';
import {descendantsOf, isAlive, killQuietly, waitFor} from './helpers/proc.js';

let build: ReturnType<typeof buildCli>;
const started: ChildProcess[] = [];
const seen = new Set<number>();

beforeAll(() => {
	build = buildCli('headless');
}, 120_000);

afterAll(() => {
	build.remove();
});

afterEach(() => {
	killQuietly([...started.splice(0).map(child => child.pid!), ...seen]);
	seen.clear();
});

type Run = {child: ChildProcess; output: () => string; errors: () => string; exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>};

function runCli(args: string[], cwd = root): Run {
	const child = spawn(process.execPath, [build.cli, ...args], {cwd, stdio: ['ignore', 'pipe', 'pipe']});
	started.push(child);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => {
		child.on('exit', (code, signal) => {
			resolve({code, signal});
		});
	});
	return {child, output: () => stdout, errors: () => stderr, exited};
}

function noteDescendants(pid: number): void {
	for (const descendant of descendantsOf(pid)) {
		seen.add(descendant);
	}
}

describe('headless mode (stdout is not a terminal)', () => {
	it('prints "name | line" and state changes for the demo, and stops cleanly with exit 0 on SIGTERM', async () => {
		const run = runCli(['demo-manifests/demo.yml', '--no-tui']);
		expect(await waitFor(() => /^api +\* running \(pid \d+\)$/m.test(run.output()) && /^db +\| /m.test(run.output()), 20_000)).toBe(true);
		noteDescendants(run.child.pid!);
		expect(seen.size).toBeGreaterThanOrEqual(4);
		run.child.kill('SIGTERM');
		const {code} = await run.exited;
		expect(code).toBe(0);
		const lines = run.output().split('\n').filter(Boolean);
		// Every line carries a prefix padded to the longest name ('flaky-job').
		for (const line of lines) {
			expect(line).toMatch(/^[\w-]+ *[|*] /);
			expect(line.indexOf(' | ') === 9 || line.indexOf(' * ') === 9).toBe(true);
		}

		expect(run.output()).toMatch(/^pilot +\* SIGTERM: stopping every process$/m);
		expect(run.output()).toMatch(/^db +\* stopped$/m);
		expect(await waitFor(() => [...seen].every(pid => !isAlive(pid)), 10_000)).toBe(true);
	}, 60_000);

	it('exits 1 when the pilot stopped because a process failed', async () => {
		const run = runCli(['test/fixtures/tui/tui-fail.yml']);
		const {code} = await run.exited;
		expect(code).toBe(1);
		expect(run.output()).toMatch(/^tui-crasher +\| crasher: about to fail$/m);
		expect(run.output()).toMatch(/^pilot +\* stopped because 'tui-crasher' exited/m);
		expect(run.output()).toMatch(/^tui-steady +\* stopped$/m);
	}, 30_000);

	it('exits 1 with one clear line when the pilot cannot start', async () => {
		const run = runCli(['test/fixtures/tui/tui-no-strategy.yml']);
		const {code} = await run.exited;
		expect(code).toBe(1);
		expect(run.errors()).toMatch(/^pilot-tui: Ready strategy 'tui-missing-strategy' of process 'tui-waiting' is not provided by any plugin\n$/);
	}, 30_000);
});

describe('the command line before anything runs', () => {
	it('lists every manifest error and exits 1', async () => {
		const run = runCli(['test/fixtures/bad-manifests/three-mistakes.yml']);
		const {code} = await run.exited;
		expect(code).toBe(1);
		expect(run.errors().trim().split('\n').length).toBeGreaterThanOrEqual(3);
		expect(run.errors()).toMatch(/three-mistakes\.yml:\d+:\d+ /);
		expect(run.errors()).not.toMatch(/\n\s+at /);
		expect(run.output()).toBe('');
	}, 30_000);

	it('explains how to give a manifest when there is none in the folder', async () => {
		const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-tui-empty-'));
		try {
			const run = runCli([], empty);
			const {code} = await run.exited;
			expect(code).toBe(1);
			expect(run.errors()).toContain('No manifest given, and none of pilot.yml, pilot.yaml, pilot.json in');
			expect(run.errors()).toContain('pilot-tui demo-manifests/demo.yml');
		} finally {
			fs.rmSync(empty, {recursive: true, force: true});
		}
	}, 30_000);

	it('finds pilot.yml in the current folder', async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-tui-default-'));
		try {
			fs.copyFileSync(path.join(root, 'test/fixtures/tui/tui-crasher.mjs'), path.join(folder, 'tui-crasher.mjs'));
			fs.writeFileSync(path.join(folder, 'pilot.yml'), 'processes:\n  - name: once\n    path: node\n    args: [tui-crasher.mjs]\n    shutdown_strategy: shutdown_everything\n');
			const run = runCli([], folder);
			const {code} = await run.exited;
			expect(code).toBe(1);
			expect(run.output()).toMatch(/^once +\| crasher: about to fail$/m);
		} finally {
			fs.rmSync(folder, {recursive: true, force: true});
		}
	}, 30_000);

	it('rejects a stats interval that is not a positive number', async () => {
		const run = runCli(['demo-manifests/demo.yml', '--stats-interval', '0']);
		const {code} = await run.exited;
		expect(code).toBe(1);
		expect(run.errors()).toBe('pilot-tui: --stats-interval must be a positive number of seconds, got 0\n');
	}, 30_000);
});

describe('createHeadlessPrinter', () => {
	it('pads names, marks events with * and output with |, and colours only when asked', () => {
		let text = '';
		const printer = createHeadlessPrinter({names: ['db', 'flaky-job'], isColor: false, pidOf: () => 42, write(chunk) {
			text += chunk;
		}});
		printer.log({seq: 1, process: 'db', stream: 'stdout', text: 'ready', time: 0});
		printer.stateChanged({name: 'db', state: 'running', reason: null});
		printer.stateChanged({name: 'flaky-job', state: 'backoff', reason: 'exited with code 1', backoff: {nextRetryAt: 2000, delayMs: 2000}});
		printer.exited({name: 'db', exit: {signal: 'SIGKILL'}});
		printer.message({seq: 1, time: 0, level: 'warn', text: 'hook x failed', process: 'db'});
		expect(text).toBe([
			'db        | ready',
			'db        * running (pid 42)',
			'flaky-job * backoff: exited with code 1; restarting in 2.0s',
			'db        * killed by SIGKILL',
			'pilot     * warn: db: hook x failed',
			'',
		].join('\n'));
		let colored = '';
		createHeadlessPrinter({names: ['db'], isColor: true, write(chunk) {
			colored += chunk;
		}}).log({seq: 1, process: 'db', stream: 'stdout', text: 'x', time: 0});
		expect(colored).toContain('\u001B[');
	});

	it('prints a chunk of lines in one write, as the lines one by one', () => {
		const writes: string[] = [];
		const printer = createHeadlessPrinter({names: ['db', 'web'], isColor: false, write(chunk) {
			writes.push(chunk);
		}});
		printer.logs([{seq: 1, process: 'web', stream: 'stdout', text: 'a', time: 0}, {seq: 2, process: 'web', stream: 'stdout', text: '', time: 0}, {seq: 3, process: 'web', stream: 'stdout', text: 'c', time: 0}]);
		expect(writes).toEqual(['web   | a\nweb   | \nweb   | c\n']);
	});

	it('prints a block of lines (the log-block event) as the same lines one by one', () => {
		const writes: string[] = [];
		const printer = createHeadlessPrinter({names: ['db', 'web'], isColor: false, write(chunk) {
			writes.push(chunk);
		}});
		printer.block({firstSeq: 1, process: 'web', stream: 'stdout', text: 'a\n\nc', count: 3, time: 0});
		printer.block({firstSeq: 4, process: 'db', stream: 'stderr', text: 'd', count: 1, time: 0});
		expect(writes).toEqual(['web   | a\nweb   | \nweb   | c\n', 'db    | d\n']);
	});
});
