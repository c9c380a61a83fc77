import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {buildCli} from '../helpers/build-cli.js';

/**
The pilot as the entrypoint of a container without --init: PID 1 of a fresh PID namespace
(`unshare -fp --mount-proc`, which needs root). Orphans are reparented to PID 1; the CLI's shell
launcher stays PID 1 and reaps them, so none stays a zombie and stops do not wait for them.
*/
const canUnshare = process.platform === 'linux' && spawnSync('unshare', ['-fp', '--mount-proc', 'true']).status === 0;

type ProcEntry = {pid: number; ppid: number; state: string};

function procEntries(): ProcEntry[] {
	const entries: ProcEntry[] = [];
	for (const name of fs.readdirSync('/proc')) {
		if (/^\d+$/.test(name)) {
			try {
				const text = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
				const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
				entries.push({pid: Number(name), ppid: Number(fields[1]), state: fields[0] ?? '?'});
			} catch {}
		}
	}

	return entries;
}

/** Every process below `root`, zombies included. */
function treeOf(root: number): ProcEntry[] {
	const entries = procEntries();
	const found: ProcEntry[] = [];
	const parents = new Set([root]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const entry of entries) {
			if (parents.has(entry.ppid) && !parents.has(entry.pid)) {
				parents.add(entry.pid);
				found.push(entry);
				grew = true;
			}
		}
	}

	return found;
}

let cli: {cli: string; remove: () => void} | undefined;
let directory: string;
let running: ChildProcess | undefined;

beforeAll(() => {
	if (canUnshare) {
		cli = buildCli('pid1');
	}

	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-pid1-'));
}, 120_000);

afterAll(() => {
	cli?.remove();
	fs.rmSync(directory, {recursive: true, force: true});
});

afterEach(() => {
	if (running?.exitCode === null && running.pid) {
		process.kill(-running.pid, 'SIGKILL');
	}
});

/** Runs the CLI as PID 1 of a new PID namespace; resolves once every process is running. */
async function startAsPid1(): Promise<{unshare: ChildProcess; pid1: number; output: () => string; exited: Promise<number | null>}> {
	const manifest = path.join(directory, 'pilot.yml');
	fs.writeFileSync(manifest, [
		'processes:',
		'  - name: spawner',
		'    path: /bin/sh',
		// Every 0.3 s a background child whose parent (the subshell) is already gone: an orphan.
		'    args: ["-c", "while :; do (sleep 0.1 &); sleep 0.3; done"]',
		'  - name: stubborn',
		'    path: /bin/sh',
		'    args: ["-c", "trap \'\' TERM; while :; do sleep 0.1; done"]',
		'    timeout: 1',
	].join('\n'));
	const unshare = spawn('unshare', ['-fp', '--mount-proc', '/bin/sh', cli!.cli, manifest, '--no-tui'], {detached: true, stdio: ['ignore', 'pipe', 'pipe']});
	running = unshare;
	let text = '';
	unshare.stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	unshare.stderr.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	const exited = new Promise<number | null>(resolve => {
		unshare.once('exit', code => {
			resolve(code);
		});
	});
	const deadline = Date.now() + 20_000;
	while (!(/spawner +\* running/.test(text) && /stubborn +\* running/.test(text))) {
		if (Date.now() > deadline) {
			throw new Error(`The pilot did not start as PID 1:\n${text}`);
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}

	const pid1 = procEntries().find(entry => entry.ppid === unshare.pid)!.pid;
	return {unshare, pid1, output: () => text, exited};
}

describe.runIf(canUnshare)('as PID 1 of a container (no --init)', () => {
	it('leaves no orphan a zombie, and a SIGTERM stops everything in about the stop timeout, exit code 0', async () => {
		const {pid1, output, exited, unshare} = await startAsPid1();
		// PID 1 is the launcher's shell, with node as its child.
		expect(fs.readFileSync(`/proc/${pid1}/comm`, 'utf8').trim()).toBe('sh');
		let mostZombies = 0;
		const until = Date.now() + 6000;
		while (Date.now() < until) {
			mostZombies = Math.max(mostZombies, treeOf(unshare.pid!).filter(entry => entry.state === 'Z').length);
			await new Promise(resolve => setTimeout(resolve, 100));
		}

		// Before the launcher: 40 zombies after 6 s (node reaps only its own children).
		expect(mostZombies).toBeLessThanOrEqual(2);
		const stopStarted = performance.now();
		process.kill(pid1, 'SIGTERM');
		expect(await exited).toBe(0);
		const stopMs = performance.now() - stopStarted;
		// `timeout: 1` of the SIGTERM-ignoring child, then SIGKILL; before the fixes, timeout + 5 s and more.
		expect(stopMs, output()).toBeLessThan(2000);
		expect(output()).toMatch(/stubborn +\* killed by SIGKILL/);
		expect(treeOf(unshare.pid!)).toEqual([]);
	}, 60_000);

	it('a SIGINT (no terminal attached) stops everything, exit code 0', async () => {
		const {pid1, exited, unshare, output} = await startAsPid1();
		process.kill(pid1, 'SIGINT');
		expect(await exited, output()).toBe(0);
		expect(output()).toMatch(/SIGINT: stopping every process/);
		expect(treeOf(unshare.pid!)).toEqual([]);
	}, 60_000);
});
