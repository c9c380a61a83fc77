import type {ChildProcess} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import type {ProcessGroups} from '../source/pilot/os/process-group.js';
import {ProcessPilot} from '../source/pilot/pilot.js';

/**
The engine driven by a fake child (the `spawn` option) and fake process groups (the
`processGroups` option next to it), on vitest's fake clock (setTimeout, Date and performance):
the restart backoff, `max_restarts` and the stop escalation, checked to the millisecond.
*/

// Above any pid_max (2^22), so a real process group can never answer to one of these.
let nextPid = 5_000_000;

class FakeChild extends EventEmitter {
	readonly pid = ++nextPid;
	readonly stdout = new PassThrough();
	readonly stderr = new PassThrough();
	/** Every signal sent to its group or to it, in order. */
	readonly signals: NodeJS.Signals[] = [];
	isAlive = true;
	/** A stubborn child ignores SIGTERM: only SIGKILL ends it. */
	isStubborn = false;

	kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
		this.receive(signal);
		return true;
	}

	receive(signal: NodeJS.Signals): void {
		this.signals.push(signal);
		if (signal === 'SIGKILL' || !this.isStubborn) {
			this.exit(null, signal);
		}
	}

	/** Ends at once for `isGroupAlive`; 'exit' comes on the next tick, as from a real child. */
	exit(code: number | null, signal: NodeJS.Signals | null = null): void {
		if (!this.isAlive) {
			return;
		}

		this.isAlive = false;
		process.nextTick(() => {
			this.stdout.end();
			this.stderr.end();
			this.emit('exit', code, signal);
			this.emit('close', code, signal);
		});
	}
}

let children: FakeChild[];
let pilot: ProcessPilot | undefined;

const groups: ProcessGroups = {
	signalGroup(pgid, signal) {
		const child = children.find(each => each.pid === pgid && each.isAlive);
		child?.receive(signal);
		return child !== undefined;
	},
	signalLeader(pid, signal) {
		children.find(each => each.pid === pid && each.isAlive)?.receive(signal);
	},
	isGroupAlive: pgid => children.some(each => each.pid === pgid && each.isAlive),
};

function makePilot(entry: Record<string, unknown>): ProcessPilot {
	const manifest = ProcessManifest.fromObject({processes: [{name: 'web', path: process.execPath, ...entry}]});
	pilot = new ProcessPilot(manifest, {
		sampleStats: false,
		processGroups: groups,
		spawn() {
			const child = new FakeChild();
			children.push(child);
			return child as unknown as ChildProcess;
		},
	});
	return pilot;
}

type StateChange = {name: string; state: string; reason: string | null; backoff: {nextRetryAt: number; delayMs: number} | null};

/** The next change of `web` into `state`: an event, never a poll (the clock stands still). */
async function nextState(state: string): Promise<StateChange> {
	return new Promise(resolve => {
		const listener = (change: StateChange) => {
			if (change.state === state) {
				pilot!.off('state-changed', listener);
				resolve(change);
			}
		};

		pilot!.on('state-changed', listener);
	});
}

async function nextSpawn(): Promise<FakeChild> {
	return new Promise(resolve => {
		pilot!.once('process-started', () => {
			resolve(children.at(-1)!);
		});
	});
}

/** Exit the current child quickly and see the pilot plan the next try. */
async function crash(): Promise<StateChange> {
	const backoff = nextState('backoff');
	children.at(-1)!.exit(1);
	return backoff;
}

beforeEach(() => {
	children = [];
	vi.useFakeTimers();
});

afterEach(async () => {
	await pilot?.stop();
	pilot = undefined;
	vi.useRealTimers();
});

describe('the restart policy on a fake clock', () => {
	it('waits restart_delay_sec, doubling per quick exit up to max_restart_delay_sec, then respawns', async () => {
		await makePilot({restart_delay_sec: 1, max_restart_delay_sec: 4, min_uptime_sec: 10}).start();
		expect(children).toHaveLength(1);
		for (const delayMs of [1000, 2000, 4000, 4000]) {
			const change = await crash();
			expect(change.backoff).toEqual({delayMs, nextRetryAt: Date.now() + delayMs});
			await vi.advanceTimersByTimeAsync(delayMs - 1);
			const count = children.length;
			const spawned = nextSpawn();
			await vi.advanceTimersByTimeAsync(1);
			await spawned;
			expect(children).toHaveLength(count + 1);
		}

		expect(pilot!.getSnapshot().processes[0]).toMatchObject({state: 'running', restarts: 4});
	});

	it('restarts at once after a run of exactly min_uptime_sec, and the quick exits count from there', async () => {
		await makePilot({restart_delay_sec: 1, max_restart_delay_sec: 8, min_uptime_sec: 10}).start();
		await crash();
		await vi.advanceTimersByTimeAsync(1000);
		await vi.advanceTimersByTimeAsync(10_000);
		const spawned = nextSpawn();
		children.at(-1)!.exit(0);
		await spawned;
		expect(children).toHaveLength(3);
		// The long run reset the count: the next quick exit waits the first delay again.
		expect((await crash()).backoff?.delayMs).toBe(1000);
	});

	it('gives up after max_restarts quick exits in a row: failed, with no further spawn', async () => {
		await makePilot({restart_delay_sec: 0.5, min_uptime_sec: 10, max_restarts: 2}).start();
		for (const delayMs of [500, 1000]) {
			expect((await crash()).backoff?.delayMs).toBe(delayMs);
			const spawned = nextSpawn();
			await vi.advanceTimersByTimeAsync(delayMs);
			await spawned;
		}

		const failed = nextState('failed');
		children.at(-1)!.exit(1);
		expect((await failed).reason).toBe('exited with code 1; gave up after 3 quick exits in a row (max_restarts 2)');
		await vi.advanceTimersByTimeAsync(60_000);
		expect(children).toHaveLength(3);
		expect(pilot!.getSnapshot().processes[0]).toMatchObject({state: 'failed', restarts: 2, nextRetryAt: null, retryDelayMs: null});
	});
});

describe('stopping on a fake clock', () => {
	it('sends SIGTERM, waits exactly `timeout`, then SIGKILL to a child that ignores it', async () => {
		await makePilot({timeout: 3}).start();
		const child = children[0]!;
		child.isStubborn = true;
		let isStopped = false;
		const stopping = pilot!.stopProcess('web').then(() => {
			isStopped = true;
		});
		await vi.advanceTimersByTimeAsync(0);
		expect(child.signals).toEqual(['SIGTERM']);
		await vi.advanceTimersByTimeAsync(2999);
		expect(child.signals).toEqual(['SIGTERM']);
		expect(isStopped).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(child.signals).toEqual(['SIGTERM', 'SIGKILL']);
		await stopping;
		expect(pilot!.getSnapshot().processes[0]).toMatchObject({state: 'stopped', lastExit: {signal: 'SIGKILL'}});
		expect(pilot!.getSnapshot().messages.map(message => message.text)).toContainEqual(expect.stringContaining('did not stop within 3s of SIGTERM; sent SIGKILL'));
	});

	it('sends only the stop signal to a child that obeys it, and never restarts it', async () => {
		await makePilot({timeout: 3, stop_signal: 'SIGINT'}).start();
		await pilot!.stopProcess('web');
		await vi.advanceTimersByTimeAsync(60_000);
		expect(children).toHaveLength(1);
		expect(children[0]!.signals).toEqual(['SIGINT']);
		expect(pilot!.getSnapshot().processes[0]).toMatchObject({state: 'stopped', lastExit: {signal: 'SIGINT'}});
	});
});
