import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {ProcessPilot} from '../source/pilot/pilot.js';
import {engineFixtures, temporaryDirectory} from './helpers/engine.js';
import {show, unmountAll} from './helpers/tui-demo.js';

const pilots: ProcessPilot[] = [];
const folders: string[] = [];

afterEach(async () => {
	unmountAll();
	await Promise.all(pilots.splice(0).map(async pilot => pilot.stop()));
	for (const folder of folders.splice(0)) {
		fs.rmSync(folder, {recursive: true, force: true});
	}
});

const entry = (name: string, extra: Record<string, unknown> = {}) => ({name, path: process.execPath, args: [path.join(engineFixtures, 'sleeper.js')], ...extra});

async function startPilot(processes: unknown[]): Promise<{pilot: ProcessPilot; write: (processes: unknown[]) => void}> {
	const folder = temporaryDirectory();
	folders.push(folder);
	const file = path.join(folder, 'pilot.yml');
	const write = (list: unknown[]) => {
		fs.writeFileSync(file, stringify({processes: list}));
	};

	write(processes);
	const pilot = new ProcessPilot(ProcessManifest.fromFile(file), {sampleStats: false});
	pilots.push(pilot);
	await pilot.start();
	return {pilot, write};
}

const size = {columns: 120, rows: 24};

describe('L: reload from the TUI', () => {
	it('shows the plan, asks, and applies it on y', async () => {
		const {pilot, write} = await startPilot([entry('a'), entry('b')]);
		const ui = show(pilot, size);
		await ui.waitForFrame(text => / b +running/.test(text));
		const pidOfA = pilot.getRunningProcess('a')!.pid;
		await ui.press('L');
		await ui.waitForFrame(text => text.includes('The manifest has not changed: nothing to reload'));
		write([entry('a'), entry('c', {dependencies: ['a']})]);
		await ui.press('L');
		const frame = await ui.waitForFrame(text => text.includes('reload: the plan'));
		expect(frame).toContain('+ c');
		expect(frame).toContain('- b');
		expect(frame).toContain('Apply this reload? y/N');
		expect(pilot.getRunningProcess('b')).toBeDefined();
		await ui.press('y');
		await ui.waitForFrame(text => / c +running/.test(text) && !/ b +(running|stopp)/.test(text) && !text.includes('reload: the plan'), 15_000);
		expect(pilot.getRunningProcess('a')!.pid).toBe(pidOfA);
	}, 30_000);

	it('cancels on any other key, and shows the located problems of an invalid manifest', async () => {
		const {pilot, write} = await startPilot([entry('a')]);
		const ui = show(pilot, size);
		await ui.waitForFrame(text => / a +running/.test(text));
		write([entry('a'), entry('b')]);
		await ui.press('L');
		await ui.waitForFrame(text => text.includes('+ b'));
		await ui.press('n');
		await ui.waitForFrame(text => !text.includes('reload: the plan') && /NAME +STATE/.test(text));
		expect(pilot.getRunningProcess('b')).toBeUndefined();
		write([entry('a', {dependencies: ['a']})]);
		await ui.press('L');
		const frame = await ui.waitForFrame(text => text.includes('the manifest has problems'));
		expect(frame).toMatch(/pilot\.yml:\d+:\d+ processes\[0\]\.dependencies\[0\] \(a\): Circular dependency/);
		await ui.press('x');
		await ui.waitForFrame(text => !text.includes('the manifest has problems') && /NAME +STATE/.test(text));
	}, 30_000);

	it('+ and - on a replica add and remove a copy of its group', async () => {
		const {pilot} = await startPilot([entry('web', {replicas: 2})]);
		const ui = show(pilot, size);
		await ui.waitForFrame(text => /web-2 +running/.test(text));
		await ui.press('+');
		await ui.waitForFrame(text => /web-3 +running/.test(text), 15_000);
		await ui.press('-');
		await ui.waitForFrame(text => text.includes('Scaled web to 2') && !/web-3 +(running|stopp)/.test(text), 15_000);
		await ui.press('-');
		await ui.waitForFrame(text => text.includes('Scaled web to 1') && /web-1 +running/.test(text) && !/web-2 +(running|stopp)/.test(text), 15_000);
		await ui.press('-');
		await ui.waitForFrame(text => text.includes('web keeps at least one copy'));
	}, 30_000);
});
