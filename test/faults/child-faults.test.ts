import {afterEach, describe, expect, it} from 'vitest';
import {descendantsOf, isAlive, waitFor} from '../helpers/proc.js';
import {cleanupPilots, faultChild, launchPilot, ownedBy, type PilotProgram} from './harness.js';

afterEach(cleanupPilots);

function pidsIn(lines: string[], word: string): number[] {
	return lines.flatMap(line => [...line.matchAll(new RegExp(`${word} (\\d+)`, 'g'))].map(match => Number(match[1])));
}

async function logs(pilot: PilotProgram, name: string): Promise<string[]> {
	return (await pilot.request<{lines: string[]}>('logs', {name})).lines;
}

describe('a child misbehaves; the pilot stays up and the table tells the truth', () => {
	it('a child ignoring SIGTERM is SIGKILLed after its timeout, and shown stopped', async () => {
		const pilot = await launchPilot([faultChild('stubborn', 'ignore-term', {timeout: 1})]);
		// Its SIGTERM handler is in place once it has printed its pid.
		expect(await waitFor(async () => (await logs(pilot, 'stubborn')).length > 0, 10_000)).toBe(true);
		const {pid} = await pilot.row('stubborn');
		expect(pid).toBeGreaterThan(0);
		await pilot.request('stopProcess', {name: 'stubborn'});
		expect(isAlive(pid!)).toBe(false);
		const snapshot = await pilot.snapshot();
		expect(snapshot.rows[0]).toMatchObject({state: 'stopped', pid: null, ready: false});
		expect(snapshot.running).toEqual([]);
		expect(snapshot.messages.join('\n')).toMatch(/stubborn did not stop within 1s of SIGTERM; sent SIGKILL/);
		expect(snapshot.isRunning).toBe(true);
		expect(ownedBy(pilot.pid)).toEqual([]);
	});

	it('a child that forks a grandchild and a daemonising one (double fork, new session): nothing is left once the process stops', async () => {
		const pilot = await launchPilot([faultChild('daemon', 'daemonize'), faultChild('calm', 'sleep')]);
		expect(await waitFor(async () => pidsIn(await logs(pilot, 'daemon'), 'daemon').length > 0, 10_000)).toBe(true);
		const lines = await logs(pilot, 'daemon');
		const [daemon] = pidsIn(lines, 'daemon');
		const [grandchild] = pidsIn(lines, 'grandchild');
		const {pid: child} = await pilot.row('daemon');
		pilot.owned();
		expect([child, daemon, grandchild].every(pid => isAlive(pid!))).toBe(true);
		expect(descendantsOf(pilot.pid)).not.toContain(daemon);

		// Stopping the process ends its whole group: the child and the grandchild that stayed in it;
		// the daemon left the group and is found by the id of the run that started it.
		await pilot.request('stopProcess', {name: 'daemon'});
		expect(await waitFor(() => [child, grandchild, daemon].every(pid => !isAlive(pid!)), 5000)).toBe(true);
		expect((await pilot.row('daemon')).state).toBe('stopped');
		expect((await pilot.row('calm')).state).toBe('running');

		await pilot.request('stop');
		expect(ownedBy(pilot.pid)).toEqual([]);
		expect((await pilot.snapshot()).isRunning).toBe(false);
	});

	it('a child that closes its stdout early keeps running, its stderr still shown', async () => {
		const pilot = await launchPilot([faultChild('mute', 'close-stdout')]);
		const {pid} = await pilot.row('mute');
		expect(await waitFor(async () => (await logs(pilot, 'mute')).some(line => /still here [3-9]/.test(line)), 10_000)).toBe(true);
		const row = await pilot.row('mute');
		expect(row).toMatchObject({state: 'running', pid, restarts: 0});
		expect(isAlive(pid!)).toBe(true);
		await pilot.request('stopProcess', {name: 'mute'});
		expect(isAlive(pid!)).toBe(false);
		expect((await pilot.row('mute')).state).toBe('stopped');
	});

	it('a child writing 50 MB without a newline: lines are cut, the pilot stays small and responsive', async () => {
		const pilot = await launchPilot([faultChild('flood', 'flood', {}, ['50']), faultChild('calm', 'sleep')]);
		const before = await pilot.request<{rss: number}>('usage');
		let peak = before.rss;
		expect(await waitFor(async () => {
			const usage = await pilot.request<{rss: number}>('usage');
			peak = Math.max(peak, usage.rss);
			return (await logs(pilot, 'flood')).includes('flood done');
		}, 30_000)).toBe(true);
		const lines = await logs(pilot, 'flood');
		const cut = lines.find(line => line.includes('more characters]'));
		expect(cut).toBeDefined();
		expect(cut!.length).toBeLessThan(10_000);
		expect(Number(/\[(\d+) more characters\]/.exec(cut!)![1])).toBeGreaterThan(50 * 1024 * 1024 - 10_000);
		// 50 MB went through; the pilot never held more than a small part of it.
		expect(peak - before.rss).toBeLessThan(100 * 1024 * 1024);
		expect((await pilot.snapshot()).rows.map(row => row.state)).toEqual(['running', 'running']);
	});
});
