import {execFileSync, type ChildProcess} from 'node:child_process';
import {existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {PipeReadyPlugin, pipeReadyStrategy} from '../source/pilot/plugins/ready/pipe-ready.js';
import {contextFor, killGroups, readyProcess, spawnGroup} from './helpers/ready-context.js';
import {waitFor} from './helpers/proc.js';

/** What a well-behaved child does: create the FIFO if missing, then announce readiness into it. */
const announce = 'sleep "$2"; [ -p "$1" ] || mkfifo "$1"; echo ready > "$1"; sleep 30';

const children: ChildProcess[] = [];
let folder: string;

beforeEach(() => {
	folder = mkdtempSync(path.join(os.tmpdir(), 'ready-pipe-'));
});

afterEach(() => {
	killGroups(children);
	rmSync(folder, {recursive: true, force: true});
});

function openFds(): number {
	return readdirSync('/proc/self/fd').length;
}

function child(script: string, args: string[] = []): ChildProcess {
	const spawned = spawnGroup(script, args);
	children.push(spawned);
	return spawned;
}

describe('pipe ready strategy', () => {
	it('is registered by PipeReadyPlugin under the name "pipe"', () => {
		expect(new PipeReadyPlugin().getReadyStrategies()).toEqual({pipe: pipeReadyStrategy});
	});

	it('becomes ready when the child creates the FIFO and writes "ready", then removes the FIFO', async () => {
		const fifo = path.join(folder, 'ready.fifo');
		const spawned = child(announce, [fifo, '0.3']);
		const ready = await pipeReadyStrategy(readyProcess('pipe', {path: fifo}), 0.1, contextFor(spawned.pid!, {timeoutSec: 20}));
		expect(ready).toBe(true);
		expect(existsSync(fifo)).toBe(false);
	});

	it('becomes ready through a FIFO left from an earlier run once the new child writes into it', async () => {
		const fifo = path.join(folder, 'stale.fifo');
		execFileSync('mkfifo', [fifo]);
		const spawned = child(announce, [fifo, '0.2']);
		expect(await pipeReadyStrategy(readyProcess('pipe', {path: fifo}), 0.1, contextFor(spawned.pid!, {timeoutSec: 20}))).toBe(true);
	});

	it('answers false for a stale FIFO nobody writes to, and closes its fd', async () => {
		const fifo = path.join(folder, 'stale.fifo');
		execFileSync('mkfifo', [fifo]);
		const spawned = child('sleep 30');
		const fdsBefore = openFds();
		expect(await pipeReadyStrategy(readyProcess('pipe', {path: fifo}), 0.1, contextFor(spawned.pid!, {timeoutSec: 0.5}))).toBe(false);
		expect(await waitFor(() => openFds() === fdsBefore, 5000)).toBe(true);
	});

	it('answers false when no FIFO ever appears', async () => {
		const spawned = child('sleep 30');
		expect(await pipeReadyStrategy(readyProcess('pipe', {path: path.join(folder, 'none.fifo')}), 0.1, contextFor(spawned.pid!, {timeoutSec: 0.4}))).toBe(false);
	});

	it('does not count a regular file at the path, even one saying "ready", and leaves it alone', async () => {
		const file = path.join(folder, 'not-a-fifo');
		writeFileSync(file, 'ready\n');
		const spawned = child('sleep 30');
		expect(await pipeReadyStrategy(readyProcess('pipe', {path: file}), 0.1, contextFor(spawned.pid!, {timeoutSec: 0.4}))).toBe(false);
		expect(lstatSync(file).isFile()).toBe(true);
	});

	it('does not answer before the whole word arrives', async () => {
		const fifo = path.join(folder, 'slow.fifo');
		execFileSync('mkfifo', [fifo]);
		const spawned = child('exec 3>"$1"; printf rea >&3; sleep 0.3; printf dy >&3; sleep 30', [fifo]);
		const before = Date.now();
		expect(await pipeReadyStrategy(readyProcess('pipe', {path: fifo}), 0.1, contextFor(spawned.pid!, {timeoutSec: 20}))).toBe(true);
		expect(Date.now() - before).toBeGreaterThanOrEqual(250);
	});

	it('resolves false promptly when the signal aborts, and frees the FIFO', async () => {
		const fifo = path.join(folder, 'abort.fifo');
		execFileSync('mkfifo', [fifo]);
		const spawned = child('sleep 30');
		const controller = new AbortController();
		const fdsBefore = openFds();
		const waiting = pipeReadyStrategy(readyProcess('pipe', {path: fifo}), 0.1, contextFor(spawned.pid!, {signal: controller.signal, timeoutSec: 60}));
		let fdsWhileWaiting = 0;
		setTimeout(() => {
			fdsWhileWaiting = openFds();
			controller.abort();
		}, 200);
		const before = Date.now();
		expect(await waiting).toBe(false);
		expect(Date.now() - before).toBeLessThan(30_000);
		expect(fdsWhileWaiting).toBeGreaterThan(fdsBefore);
		expect(await waitFor(() => openFds() === fdsBefore, 5000)).toBe(true);
		expect(existsSync(fifo)).toBe(false);
	});

	it('throws the seed\'s sentence when the path is missing', async () => {
		await expect(pipeReadyStrategy(readyProcess('pipe', {}), 0.1)).rejects.toThrow('Path not specified for pipe ready strategy');
	});
});
