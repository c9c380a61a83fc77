import {type ChildProcess, spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {inject} from 'vitest';
import {isAlive, killQuietly, waitFor} from '../helpers/proc.js';

/** Helpers for the fault tests: the pilot runs as its own program, and /proc is the judge. */

export const projectRoot = path.join(import.meta.dirname, '..', '..');
export const faultFixtures = path.join(projectRoot, 'test', 'fixtures', 'faults');
export const faultPlugins = path.join(faultFixtures, 'plugins');

export type Message = {type: string; [key: string]: unknown};
export type Row = {name: string; state: string; ready: boolean; pid: number | null; restarts: number; reason: string | null; nextRetryAt: number | null};
export type Snapshot = {rows: Row[]; running: Array<{name: string; pid: number | null; status: string}>; isRunning: boolean; messages: string[]};
export type Usage = {rss: number; heapUsed: number; cpu: {user: number; system: number}; fds: number};

/** A process entry running test/fixtures/faults/fault-child.mjs in the given mode. */
export function faultChild(name: string, mode: string, extra: Record<string, unknown> = {}, modeArgs: string[] = []): Record<string, unknown> {
	return {name, path: process.execPath, args: [path.join(faultFixtures, 'fault-child.mjs'), mode, ...modeArgs], ...extra};
}

function statFields(pid: number): string[] | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
		return text.slice(text.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined;
	}
}

function listPids(): number[] {
	return readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number);
}

/**
Live processes carrying a `PILOT_TUI_OWNER` marker of the pilot with this pid (its token starts
with `<pid>-`): every child and descendant, setsid escapees included.
*/
export function ownedBy(pilotPid: number): number[] {
	const prefix = `PILOT_TUI_OWNER=${pilotPid}-`;
	return listPids().filter(pid => {
		if (pid === process.pid || !isAlive(pid)) {
			return false;
		}

		try {
			return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').some(entry => entry.startsWith(prefix));
		} catch {
			return false;
		}
	});
}

/** Zombie children of `pid` (exited, never reaped by it). */
export function zombiesOf(pid: number): number[] {
	return listPids().filter(child => {
		const fields = statFields(child);
		return fields?.[0] === 'Z' && Number(fields[1]) === pid;
	});
}

/** CPU time (user + system) of a process in seconds, from /proc. */
export function cpuSeconds(pid: number): number {
	const fields = statFields(pid);
	return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : Number.NaN;
}

/** The command line of a process, or '' when it is gone. */
export function commandLine(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
	} catch {
		return '';
	}
}

const launched: Array<{program: PilotProgram; directory?: string}> = [];

/** A pilot program (run-pilot.ts or the CLI) with its output parsed as JSON lines where it can be. */
export class PilotProgram {
	readonly messages: Message[] = [];
	readonly text: string[] = [];
	readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
	/** Every pid it ever owned that a test saw: killed at cleanup, whatever happened. */
	readonly seen = new Set<number>();
	#nextId = 1;
	#waiters = new Set<() => void>();

	constructor(readonly child: ChildProcess) {
		this.exited = new Promise(resolve => {
			child.once('exit', (code, signal) => {
				resolve({code, signal});
				this.#wake();
			});
		});
		createInterface({input: child.stdout!}).on('line', line => {
			this.text.push(line);
			try {
				this.messages.push(JSON.parse(line) as Message);
			} catch {}

			this.#wake();
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			this.text.push(...chunk.toString().split('\n').filter(Boolean));
		});
	}

	get pid(): number {
		return this.child.pid!;
	}

	/** Processes that carry this pilot's marker now (remembered for cleanup). */
	owned(): number[] {
		const pids = ownedBy(this.pid);
		for (const pid of pids) {
			this.seen.add(pid);
		}

		return pids;
	}

	/** Resolves with the first message (old or new) that matches; rejects after `timeoutMs`. */
	async next(predicate: (message: Message) => boolean, timeoutMs = 15_000, what = 'a message'): Promise<Message> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = this.messages.find(message => predicate(message));
			if (found) {
				return found;
			}

			if (Date.now() > deadline || this.child.exitCode !== null || this.child.signalCode !== null) {
				throw new Error(`Timed out waiting for ${what}; output:\n${this.text.slice(-20).join('\n')}`);
			}

			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, Math.max(deadline - Date.now(), 1));
				this.#waiters.add(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	async request<T = Record<string, unknown>>(op: string, extra: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<T> {
		const id = this.#nextId++;
		this.child.stdin!.write(JSON.stringify({id, op, ...extra}) + '\n');
		const reply = await this.next(message => message.type === 'reply' && message['id'] === id, timeoutMs, `the reply to ${op}`);
		if (typeof reply['error'] === 'string') {
			throw new Error(reply['error']);
		}

		return reply as T;
	}

	async snapshot(): Promise<Snapshot> {
		return this.request<Snapshot>('snapshot');
	}

	async row(name: string): Promise<Row> {
		return (await this.snapshot()).rows.find(row => row.name === name)!;
	}

	events(event: string): Array<Record<string, unknown>> {
		return this.messages.filter(message => message.type === 'event' && message['event'] === event).map(message => message['payload'] as Record<string, unknown>);
	}

	#wake(): void {
		const waiters = [...this.#waiters];
		this.#waiters.clear();
		for (const wake of waiters) {
			wake();
		}
	}
}

export function temporaryDirectory(): string {
	return mkdtempSync(path.join(os.tmpdir(), 'pilot-faults-'));
}

export function writeManifest(directory: string, processes: Array<Record<string, unknown>>, top: Record<string, unknown> = {}, file = 'manifest.json'): string {
	const manifestPath = path.join(directory, file);
	writeFileSync(manifestPath, JSON.stringify({processes, ...top}, null, '\t'));
	return manifestPath;
}

/** Runs test/fixtures/faults/run-pilot.ts over a manifest; waits for `started` unless told not to. */
export async function launchPilot(processes: Array<Record<string, unknown>>, options: {plugins?: string; top?: Record<string, unknown>; waitStarted?: boolean; env?: Record<string, string>} = {}): Promise<PilotProgram> {
	const directory = temporaryDirectory();
	const manifestPath = writeManifest(directory, processes, options.top);
	const args = ['--import', 'tsx', path.join(faultFixtures, 'run-pilot.ts'), manifestPath, ...(options.plugins ? [options.plugins] : [])];
	const child = spawn(process.execPath, args, {cwd: projectRoot, stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, ...options.env}});
	const program = new PilotProgram(child);
	launched.push({program, directory});
	await program.next(message => message.type === 'hello', 15_000, 'hello');
	if (options.waitStarted ?? true) {
		await program.next(message => message.type === 'started' || message.type === 'start-error', 30_000, 'started');
	}

	return program;
}

/**
The CLI compiled for this run (test/global-setup.ts), else the built dist/cli.js, else the source
through tsx. Never a dist/ left from an older build when the run has its own.
*/
export function cliCommand(): string[] {
	const shared = inject('cliDir');
	if (shared) {
		return [path.join(shared, 'cli.js')];
	}

	const built = path.join(projectRoot, 'dist', 'cli.js');
	try {
		readFileSync(built);
		return [built];
	} catch {
		return ['--import', 'tsx', path.join(projectRoot, 'source', 'cli.tsx')];
	}
}

/** Runs the real CLI headless (`--no-tui`) over a manifest. */
export function launchCli(manifestPath: string, extraArgs: string[] = []): PilotProgram {
	const child = spawn(process.execPath, [...cliCommand(), manifestPath, '--no-tui', ...extraArgs], {cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe']});
	const program = new PilotProgram(child);
	launched.push({program});
	return program;
}

/** Kills every pilot launched by this file and everything they own; call in afterEach. */
export async function cleanupPilots(): Promise<void> {
	const pids = new Set<number>();
	for (const {program} of launched) {
		for (const pid of [...program.seen, ...ownedBy(program.pid)]) {
			pids.add(pid);
		}

		program.child.kill('SIGKILL');
	}

	killQuietly([...pids]);
	await waitFor(() => [...pids].every(pid => !isAlive(pid)), 3000);
	for (const {directory} of launched.splice(0)) {
		if (directory) {
			rmSync(directory, {recursive: true, force: true});
		}
	}
}
