import fs from 'node:fs';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makePilot, nodeProcess, stopAllPilots, temporaryDirectory, waitUntil} from './helpers/engine.js';
import {nodeLogFs, type LogFs} from '../source/pilot/output/log-rotation.js';
import {parseLogLine} from '../source/pilot/output/log-line-format.js';
import type {ProcessPilot} from '../source/pilot/pilot.js';

afterEach(stopAllPilots);

/** Every line of `file` and its backups, oldest first. */
function readRotated(file: string): string[] {
	const backups = fs.readdirSync(path.dirname(file)).filter(name => name.startsWith(`${path.basename(file)}.`)).map(name => Number(name.split('.').pop())).sort((a, b) => b - a);
	return [...backups.map(index => `${file}.${index}`), file].flatMap(part => fs.readFileSync(part, 'utf8').split('\n').filter(Boolean));
}

async function waitForLastLine(pilot: ProcessPilot, name: string, text: RegExp): Promise<void> {
	await waitUntil(() => text.test(pilot.getLogs(name, 1)[0]?.text ?? ''), 60_000, `the last line of ${name}`);
	await pilot.flushLogFiles();
}

const numbers = (lines: string[]) => lines.map(line => Number(/line (\d+)/.exec(parseLogLine(line)!.text)![1]));

describe('log files', () => {
	it('writes nothing when no log_dir or log_file is set', async () => {
		const folder = temporaryDirectory();
		const pilot = makePilot([nodeProcess('w', 'line-writer.js', {args: ['100'], shutdown_strategy: 'do_not_restart', working_directory: folder})]);
		await pilot.start();
		await waitForLastLine(pilot, 'w', /line 0000099/);
		expect(pilot.logFilePaths()).toEqual({files: new Map(), pilot: null});
		expect(fs.readdirSync(folder)).toEqual([]);
	});

	it('rotates 200,000 lines at 1MB keeping 3 backups, every line of the kept files once and in order', async () => {
		const folder = temporaryDirectory();
		const pilot = makePilot([nodeProcess('writer', 'line-writer.js', {args: ['200000', '60'], shutdown_strategy: 'do_not_restart'})], {}, {log_dir: folder, log_max_bytes: '1MB', log_backups: 3});
		await pilot.start();
		await waitForLastLine(pilot, 'writer', /line 0199999/);
		const names = fs.readdirSync(folder).sort();
		expect(names).toEqual(['pilot.log', 'writer.log', 'writer.log.1', 'writer.log.2', 'writer.log.3']);
		for (const name of names) {
			expect(fs.statSync(path.join(folder, name)).size).toBeLessThanOrEqual(1024 * 1024);
		}

		const lines = readRotated(path.join(folder, 'writer.log'));
		expect(lines.every(line => / out line \d{7} x+$/.test(line))).toBe(true);
		const seen = numbers(lines);
		expect(seen.at(-1)).toBe(199_999);
		expect(seen.every((value, index) => index === 0 || value === seen[index - 1]! + 1)).toBe(true);
		// Three full backups (rotation happens only when the next line would not fit), plus the current file.
		for (const backup of [1, 2, 3]) {
			expect(fs.statSync(path.join(folder, `writer.log.${backup}`)).size).toBeGreaterThan(1024 * 1024 - 200);
		}
		expect(fs.readFileSync(path.join(folder, 'pilot.log'), 'utf8')).toMatch(/Z info pilot started/);
	}, 120_000);

	it('writes one JSON object per line with log_format json, to a per-process log_file', async () => {
		const folder = temporaryDirectory();
		const pilot = makePilot([nodeProcess('j', 'line-writer.js', {args: ['10'], shutdown_strategy: 'do_not_restart', log_file: path.join(folder, 'custom', 'j.jsonl')})], {}, {log_format: 'json'});
		await pilot.start();
		await waitForLastLine(pilot, 'j', /line 0000009/);
		const lines = fs.readFileSync(path.join(folder, 'custom', 'j.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as {time: string; stream: string; text: string});
		expect(lines).toHaveLength(10);
		expect(lines[0]).toMatchObject({stream: 'out', text: expect.stringMatching(/^line 0000000/)});
		expect(Number.isNaN(Date.parse(lines[0]!.time))).toBe(false);
	});

	it('refuses to start with a read-only log_dir, with a clear message', async () => {
		const folder = temporaryDirectory();
		let readOnly = path.join(folder, 'ro');
		fs.mkdirSync(readOnly);
		let unmount: () => void = () => undefined;
		if (process.getuid?.() === 0) {
			// Root writes through file modes: a read-only mount is the real thing.
			try {
				execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly], {stdio: 'ignore'});
				unmount = () => execFileSync('umount', [readOnly]);
			} catch {
				readOnly = '/proc/1/pilot-logs';
			}
		} else {
			fs.chmodSync(readOnly, 0o555);
		}

		try {
			const pilot = makePilot([nodeProcess('a', 'sleeper.js')], {}, {log_dir: readOnly});
			await expect(pilot.start()).rejects.toThrow(new RegExp(`^Cannot write log files in ${readOnly}: .*(EROFS|EACCES|ENOENT).*Choose a writable log_dir`));
			expect(pilot.isRunning()).toBe(false);
			expect(pilot.getRunningProcess()).toEqual([]);
		} finally {
			unmount();
		}
	});

	it('fails the start at once for a log_dir that cannot be made (Node\'s recursive mkdir would spin on /proc)', async () => {
		const pilot = makePilot([nodeProcess('a', 'sleeper.js')], {}, {log_dir: '/proc/1/pilot-logs/deeper'});
		await expect(pilot.start()).rejects.toThrow(/^Cannot write log files in \/proc\/1\/pilot-logs\/deeper: E[A-Z]+/);
	});

	it('keeps the child running through a full disk (ENOSPC) and writes the waiting lines when space returns', async () => {
		const folder = temporaryDirectory();
		let isFull = true;
		const fullDisk: LogFs = {
			...nodeLogFs,
			async write(fd, buffer, offset, length) {
				if (isFull && fs.readFileSync(path.join(folder, 'w.log')).length > 0) {
					throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});
				}

				return nodeLogFs.write(fd, buffer, offset, length);
			},
		};
		const pilot = makePilot([nodeProcess('w', 'line-writer.js', {args: ['20000'], shutdown_strategy: 'do_not_restart'})], {logFs: fullDisk}, {log_dir: folder, log_backups: 1});
		const exited = new Promise(resolve => pilot.once('process-exited', resolve));
		await pilot.start();
		await exited;
		await waitUntil(() => (pilot.getLogs('w', 1)[0]?.text ?? '').startsWith('line 0019999'), 10_000, 'every line captured');
		const warnings = pilot.getSnapshot().messages.filter(message => message.text.includes('w.log cannot be written (ENOSPC'));
		expect(warnings).toHaveLength(1);
		isFull = false;
		await waitUntil(() => pilot.getSnapshot().messages.some(message => message.text.includes('w.log is written again')), 10_000, 'the recovery message');
		await pilot.flushLogFiles();
		const seen = numbers(readRotated(path.join(folder, 'w.log')));
		expect(seen).toEqual(Array.from({length: 20_000}, (_, index) => index));
	}, 30_000);

	it.skipIf(process.getuid?.() !== 0)('on a real tmpfs that fills up, keeps the child going and writes every line once space returns', async context => {
		const folder = temporaryDirectory();
		const disk = path.join(folder, 'disk');
		fs.mkdirSync(disk);
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk], {stdio: 'ignore'});
		} catch {
			context.skip();
		}

		try {
			const pilot = makePilot([nodeProcess('w', 'line-writer.js', {args: ['20000'], shutdown_strategy: 'do_not_restart'})], {}, {log_dir: disk, log_backups: 0});
			const exited = new Promise(resolve => pilot.once('process-exited', resolve));
			await pilot.start();
			await exited;
			await waitUntil(() => pilot.getSnapshot().messages.some(message => message.text.includes('w.log cannot be written (ENOSPC')), 10_000, 'the ENOSPC message');
			execFileSync('mount', ['-o', 'remount,size=16m', disk]);
			await waitUntil(() => pilot.getSnapshot().messages.some(message => message.text.includes('w.log is written again')), 15_000, 'the recovery message');
			await pilot.flushLogFiles();
			expect(numbers(readRotated(path.join(disk, 'w.log')))).toEqual(Array.from({length: 20_000}, (_, index) => index));
			await pilot.stop();
		} finally {
			execFileSync('umount', ['-l', disk]);
		}
	}, 60_000);
});
