import {afterEach, describe, expect, it} from 'vitest';
import {descendantsOf, isAlive, waitFor} from '../helpers/proc.js';
import {cleanupPilots, faultChild, launchCli, launchPilot, ownedBy, type PilotProgram, temporaryDirectory, writeManifest} from './harness.js';

afterEach(cleanupPilots);

/** A calm child, one that ignores SIGTERM, and one that leaves a grandchild and a setsid daemon. */
const family = [
	faultChild('calm', 'sleep'),
	faultChild('stubborn', 'ignore-term', {timeout: 1}),
	faultChild('daemon', 'daemonize'),
];

/** Waits until the whole family runs (5 processes carry the marker); returns their pids. */
async function familyOf(pilot: PilotProgram): Promise<number[]> {
	// The daemon really escaped the pilot's tree (once its double fork is done): only the marker still finds it.
	const hasEscapee = () => {
		const tree = descendantsOf(pilot.pid);
		return pilot.owned().some(pid => !tree.includes(pid));
	};

	expect(await waitFor(() => pilot.owned().length >= 5 && hasEscapee(), 15_000)).toBe(true);
	return pilot.owned();
}

async function expectNothingLeft(pilot: PilotProgram, pids: number[]): Promise<void> {
	expect(await waitFor(() => pids.every(pid => !isAlive(pid)), 5000)).toBe(true);
	expect(ownedBy(pilot.pid)).toEqual([]);
}

describe('the pilot dies: no descendant survives it', () => {
	it('SIGKILL to the pilot (the library, no handler of its own)', async () => {
		const pilot = await launchPilot(family);
		const pids = await familyOf(pilot);
		pilot.child.kill('SIGKILL');
		expect(await pilot.exited).toMatchObject({signal: 'SIGKILL'});
		await expectNothingLeft(pilot, pids);
	});

	it('an uncaught error thrown in the pilot', async () => {
		const pilot = await launchPilot(family);
		const pids = await familyOf(pilot);
		await pilot.request('throw');
		expect(await pilot.exited).toMatchObject({code: 1});
		await expectNothingLeft(pilot, pids);
	});

	it('SIGTERM to a pilot with no signal handler (the library embedded in a program)', async () => {
		const pilot = await launchPilot(family);
		const pids = await familyOf(pilot);
		pilot.child.kill('SIGTERM');
		expect(await pilot.exited).toMatchObject({signal: 'SIGTERM'});
		await expectNothingLeft(pilot, pids);
	});
});

describe('the CLI (headless) is signalled', () => {
	async function runCli(): Promise<{pilot: PilotProgram; pids: number[]}> {
		const manifest = writeManifest(temporaryDirectory(), family);
		const pilot = launchCli(manifest);
		const pids = await familyOf(pilot);
		// The stubborn child prints its pid once its SIGTERM handler is in place.
		expect(await waitFor(() => pilot.text.some(line => /stubborn\s*\| pid \d+/.test(line)), 10_000)).toBe(true);
		return {pilot, pids};
	}

	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		it(`${signal}: stops everything in order, then exits 0`, async () => {
			const {pilot, pids} = await runCli();
			pilot.child.kill(signal);
			expect(await pilot.exited).toEqual({code: 0, signal: null});
			await expectNothingLeft(pilot, pids);
			// Stopped by the pilot, not swept up by the watchdog: the stubborn child needed a SIGKILL.
			expect(pilot.text.join('\n')).toMatch(/stubborn did not stop within 1s of SIGTERM; sent SIGKILL/);
		});
	}

	it('SIGKILL: nothing is left behind', async () => {
		const {pilot, pids} = await runCli();
		pilot.child.kill('SIGKILL');
		await pilot.exited;
		await expectNothingLeft(pilot, pids);
	});

	// With no terminal to lose (a service, a container), SIGHUP asks for a reload, as with most
	// daemons: the pilot runs on with the same processes. (With a terminal it means the terminal
	// is gone: test/faults/pilot-terminal.test.ts and test/e2e-detach.test.ts.)
	it('SIGHUP without a terminal: reloads and runs on with the same processes; SIGTERM then leaves nothing', async () => {
		const {pilot, pids} = await runCli();
		pilot.child.kill('SIGHUP');
		expect(await waitFor(() => pilot.text.some(line => line.includes('SIGHUP: reading the manifest again')), 10_000)).toBe(true);
		expect(await waitFor(() => pilot.text.some(line => /manifest unchanged|no changes|nothing to (do|change)/i.test(line)), 10_000)).toBe(true);
		expect(pids.every(pid => isAlive(pid))).toBe(true);
		pilot.child.kill('SIGTERM');
		expect(await pilot.exited).toEqual({code: 0, signal: null});
		await expectNothingLeft(pilot, pids);
	});
});
