import {spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {OrphanGuard} from '../source/pilot/os/orphan-guard.js';
import {descendantsOf, isAlive, killQuietly, processesWithEnv, waitFor} from './helpers/proc.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const projectRoot = path.join(import.meta.dirname, '..');

type Report = {
	pilot: number;
	watchdog: number;
	markerName: string;
	markerValue: string;
	child: number;
	grandchild: number;
	stubborn: number;
	detached: number;
	daemon: number;
};

/** Every pid a test saw, killed after it whatever happened. */
const seen: number[] = [];
const guards: OrphanGuard[] = [];

afterEach(() => {
	for (const guard of guards.splice(0)) {
		guard.killAllSync();
		const watchdog = guard.watchdogPid;
		guard.close();
		killQuietly(watchdog ? [watchdog] : []);
	}

	killQuietly(seen.splice(0));
});

async function firstLine(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let text = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			if (text.includes('\n')) {
				resolve(text.slice(0, text.indexOf('\n')));
			}
		});
		child.once('exit', () => {
			reject(new Error(`exited before reporting: ${text}`));
		});
	});
}

function sessionOf(pid: number): number {
	const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
	return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[3]);
}

function descendantsIn(report: Report): number[] {
	return [report.child, report.grandchild, report.stubborn, report.detached, report.daemon];
}

/** Runs the stand-in pilot until it has spawned its whole family; checks that family is alive. */
async function startPilot(mode: string): Promise<{pilot: ChildProcess; report: Report}> {
	const pilot = spawn(process.execPath, ['--import', 'tsx', path.join(fixtures, 'orphan-pilot.ts'), mode], {cwd: projectRoot, stdio: ['pipe', 'pipe', 'ignore']});
	seen.push(pilot.pid!);
	const report = JSON.parse(await firstLine(pilot)) as Report;
	seen.push(report.watchdog, ...descendantsIn(report));
	expect(descendantsIn(report).every(pid => isAlive(pid))).toBe(true);
	// The daemon really escaped: another session, and no longer a descendant of the pilot.
	expect(sessionOf(report.daemon)).not.toBe(sessionOf(report.child));
	expect(descendantsOf(report.pilot)).not.toContain(report.daemon);
	expect(descendantsOf(report.pilot)).toEqual(expect.arrayContaining([report.child, report.grandchild, report.stubborn, report.detached]));
	return {pilot, report};
}

async function expectNothingLeft(report: Report): Promise<void> {
	const family = descendantsIn(report);
	expect(await waitFor(() => family.every(pid => !isAlive(pid)), 3000)).toBe(true);
	expect(descendantsOf(report.pilot)).toEqual([]);
	expect(processesWithEnv(report.markerName, report.markerValue)).toEqual([]);
	expect(await waitFor(() => !isAlive(report.watchdog), 5000)).toBe(true);
}

describe('OrphanGuard: no descendant outlives the pilot', () => {
	for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
		it(`when the pilot is ended by ${signal}, including a setsid daemon and a child ignoring SIGTERM`, async () => {
			const {pilot, report} = await startPilot('wait');
			pilot.kill(signal);
			await expectNothingLeft(report);
		});
	}

	for (const mode of ['exit', 'exit-handler', 'throw', 'natural'] as const) {
		it(`when the pilot ends by "${mode}"`, async () => {
			const {pilot, report} = await startPilot(mode);
			const exited = new Promise(resolve => pilot.once('exit', resolve));
			pilot.stdin!.end('go\n');
			await exited;
			await expectNothingLeft(report);
		});
	}
});

describe('OrphanGuard in this process', () => {
	function newGuard(): OrphanGuard {
		const guard = new OrphanGuard({graceMs: 200});
		guards.push(guard);
		return guard;
	}

	async function spawnFamily(guard: OrphanGuard): Promise<number[]> {
		const child = spawn(process.execPath, [path.join(fixtures, 'orphan-child.mjs')], {detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: {...process.env, ...guard.marker}});
		guard.track(child.pid!);
		const report = JSON.parse(await firstLine(child)) as Record<string, number>;
		const family = Object.values(report);
		seen.push(...family);
		return family;
	}

	it('killAllSync kills the tracked groups and every marked process at once', async () => {
		const guard = newGuard();
		const family = await spawnFamily(guard);
		expect(family.every(pid => isAlive(pid))).toBe(true);
		guard.killAllSync();
		expect(await waitFor(() => family.every(pid => !isAlive(pid)), 3000)).toBe(true);
	});

	it('close() makes the watchdog sweep what is left, then exit', async () => {
		const guard = newGuard();
		guard.start();
		const watchdog = guard.watchdogPid!;
		const family = await spawnFamily(guard);
		guard.close();
		expect(await waitFor(() => family.every(pid => !isAlive(pid)), 3000)).toBe(true);
		expect(await waitFor(() => !isAlive(watchdog), 3000)).toBe(true);
	});

	it('the groups tracked in one turn reach the watchdog together: closing right after ends each of them', async () => {
		const guard = newGuard();
		guard.start();
		const sleepers = Array.from({length: 3}, () => spawn('sleep', ['300'], {detached: true, stdio: 'ignore'}));
		for (const sleeper of sleepers) {
			seen.push(sleeper.pid!);
			guard.track(sleeper.pid!);
		}

		guard.close();
		expect(await waitFor(() => sleepers.every(sleeper => !isAlive(sleeper.pid!)), 3000)).toBe(true);
	});

	it('an untracked group without the marker is left alone', async () => {
		const guard = newGuard();
		guard.start();
		const watchdog = guard.watchdogPid!;
		const bystander = spawn('sleep', ['300'], {detached: true, stdio: 'ignore'});
		seen.push(bystander.pid!);
		guard.track(bystander.pid!);
		guard.untrack(bystander.pid!);
		expect(guard.groups).toEqual([]);
		guard.close();
		expect(await waitFor(() => !isAlive(watchdog), 3000)).toBe(true);
		expect(isAlive(bystander.pid!)).toBe(true);
	});

	it('the watchdog ignores INT, TERM and HUP, is small, and is replaced if someone kills it', async () => {
		const guard = newGuard();
		guard.start();
		const first = guard.watchdogPid!;
		seen.push(first);
		// Bits of SIGHUP (1), SIGINT (2), SIGTERM (15) in the ignored mask, once the trap ran.
		const ignored = (): bigint => BigInt('0x' + (/SigIgn:\s*([\da-f]+)/.exec(readFileSync(`/proc/${first}/status`, 'utf8'))?.[1] ?? '0'));
		expect(await waitFor(() => (ignored() & 0x4003n) === 0x4003n, 3000)).toBe(true);
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
			process.kill(first, signal);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
		expect(isAlive(first)).toBe(true);
		const rssKb = Number(/VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${first}/status`, 'utf8'))?.[1]);
		expect(rssKb).toBeLessThan(8 * 1024);

		const sleeper = spawn('sleep', ['300'], {detached: true, stdio: 'ignore'});
		seen.push(sleeper.pid!);
		guard.track(sleeper.pid!);
		process.kill(first, 'SIGKILL');
		expect(await waitFor(() => guard.watchdogPid !== undefined && guard.watchdogPid !== first, 3000)).toBe(true);
		seen.push(guard.watchdogPid!);
		// The replacement knows the tracked group: closing makes it kill the sleeper.
		guard.close();
		expect(await waitFor(() => !isAlive(sleeper.pid!), 3000)).toBe(true);
	});
});
