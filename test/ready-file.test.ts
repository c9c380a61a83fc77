import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {FileReadyPlugin, fileReadyStrategy} from '../source/pilot/plugins/ready/file-ready.js';
import {contextFor, handleCounts, killGroups, readyProcess, spawnGroup} from './helpers/ready-context.js';
import {waitFor} from './helpers/proc.js';

const writer = path.join(import.meta.dirname, 'fixtures', 'ready-file-writer.mjs');
const children: ChildProcess[] = [];
let folder: string;

beforeEach(() => {
	folder = mkdtempSync(path.join(os.tmpdir(), 'ready-file-'));
});

afterEach(() => {
	killGroups(children);
	rmSync(folder, {recursive: true, force: true});
});

function spawnWriter(file: string, delayMs: number): ChildProcess {
	const child = spawn(process.execPath, [writer, file, String(delayMs)], {detached: true, stdio: 'ignore'});
	children.push(child);
	return child;
}

/** Lets closing handles of earlier tests finish closing, before a baseline is taken. */
async function settle(): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, 100);
	});
}

describe('file ready strategy', () => {
	it('is registered by FileReadyPlugin under the name "file"', () => {
		expect(new FileReadyPlugin().getReadyStrategies()).toEqual({file: fileReadyStrategy});
	});

	it('becomes ready when the child writes the file', async () => {
		const file = path.join(folder, 'ready.txt');
		const startedAt = Date.now();
		const child = spawnWriter(file, 300);
		const ready = await fileReadyStrategy(readyProcess('file', {path: file}), 0.1, contextFor(child.pid!, {startedAt, timeoutSec: 20}));
		expect(ready).toBe(true);
	});

	it('answers false after the timeout when the file never appears', async () => {
		const file = path.join(folder, 'never.txt');
		const child = spawnGroup('sleep 30');
		children.push(child);
		const before = Date.now();
		const ready = await fileReadyStrategy(readyProcess('file', {path: file}), 0.1, contextFor(child.pid!, {timeoutSec: 0.5}));
		expect(ready).toBe(false);
		expect(Date.now() - before).toBeGreaterThanOrEqual(450);
	});

	it('uses ready_timeout_sec when there is no context', async () => {
		const ready = await fileReadyStrategy(readyProcess('file', {path: path.join(folder, 'never.txt')}, 0.3), 0.1);
		expect(ready).toBe(false);
	});

	it('does not count a file left from an earlier run', async () => {
		const file = path.join(folder, 'stale.txt');
		writeFileSync(file, 'ready\n');
		const anHourAgo = new Date(Date.now() - 3_600_000);
		utimesSync(file, anHourAgo, anHourAgo);
		const child = spawnGroup('sleep 30');
		children.push(child);
		const ready = await fileReadyStrategy(readyProcess('file', {path: file}), 0.1, contextFor(child.pid!, {timeoutSec: 0.6}));
		expect(ready).toBe(false);
	});

	it('counts a stale file once the new child rewrites it', async () => {
		const file = path.join(folder, 'stale.txt');
		writeFileSync(file, 'ready\n');
		const anHourAgo = new Date(Date.now() - 3_600_000);
		utimesSync(file, anHourAgo, anHourAgo);
		const startedAt = Date.now();
		const child = spawnWriter(file, 200);
		const ready = await fileReadyStrategy(readyProcess('file', {path: file}), 0.1, contextFor(child.pid!, {startedAt, timeoutSec: 20}));
		expect(ready).toBe(true);
	});

	it('counts any existing file when called the seed way, without a context', async () => {
		const file = path.join(folder, 'exists.txt');
		writeFileSync(file, '');
		const anHourAgo = new Date(Date.now() - 3_600_000);
		utimesSync(file, anHourAgo, anHourAgo);
		expect(await fileReadyStrategy(readyProcess('file', {path: file}), 0.1)).toBe(true);
	});

	it('notices a file in a folder created after the wait began (through the poll)', async () => {
		const file = path.join(folder, 'later', 'ready.txt');
		const startedAt = Date.now();
		const child = spawnGroup('sleep 0.3; mkdir -p "$1"; echo ready > "$2"; sleep 30', [path.dirname(file), file]);
		children.push(child);
		const ready = await fileReadyStrategy(readyProcess('file', {path: file}), 0.1, contextFor(child.pid!, {startedAt, timeoutSec: 20}));
		expect(ready).toBe(true);
	});

	it('resolves false promptly when the signal aborts', async () => {
		const child = spawnGroup('sleep 30');
		children.push(child);
		const controller = new AbortController();
		const before = Date.now();
		const waiting = fileReadyStrategy(readyProcess('file', {path: path.join(folder, 'never.txt')}), 0.1, contextFor(child.pid!, {signal: controller.signal, timeoutSec: 60}));
		setTimeout(() => {
			controller.abort();
		}, 100);
		expect(await waiting).toBe(false);
		expect(Date.now() - before).toBeLessThan(30_000);
	});

	it('leaves no watcher or timer behind', async () => {
		await settle();
		const before = handleCounts();
		const file = path.join(folder, 'ready.txt');
		const waiting = fileReadyStrategy(readyProcess('file', {path: file}), 0.1, contextFor(process.pid, {timeoutSec: 20}));
		expect(handleCounts()['FSEventWrap'] ?? 0).toBe((before['FSEventWrap'] ?? 0) + 1);
		setTimeout(() => {
			writeFileSync(file, 'ready');
		}, 100);
		expect(await waiting).toBe(true);
		expect(await fileReadyStrategy(readyProcess('file', {path: path.join(folder, 'no')}), 0.1, contextFor(process.pid, {timeoutSec: 0.2}))).toBe(false);
		// Closing a watcher takes a turn of the loop: wait until the counts are back, not for a set time.
		const isClean = () => (handleCounts()['FSEventWrap'] ?? 0) === (before['FSEventWrap'] ?? 0) && (handleCounts()['Timeout'] ?? 0) <= (before['Timeout'] ?? 0);
		await waitFor(isClean, 5000);
		expect(handleCounts()['FSEventWrap'] ?? 0).toBe(before['FSEventWrap'] ?? 0);
		expect(handleCounts()['Timeout'] ?? 0).toBeLessThanOrEqual(before['Timeout'] ?? 0);
	});

	it('throws the seed\'s sentence when the path is missing', async () => {
		await expect(fileReadyStrategy(readyProcess('file', {}), 0.1)).rejects.toThrow('Path not specified for file ready strategy');
		await expect(fileReadyStrategy(readyProcess('file', {path: ''}), 0.1)).rejects.toThrow('Path not specified for file ready strategy');
	});
});
