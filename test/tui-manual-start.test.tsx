import {afterEach, describe, expect, it} from 'vitest';
import {makePilot, nodeProcess, stopAllPilots} from './helpers/engine.js';
import {rowOf, show, unmountAll} from './helpers/tui-demo.js';

afterEach(async () => {
	unmountAll();
	await stopAllPilots();
});

describe('autostart: false in the TUI', () => {
	it('shows the manual process stopped; t starts it, then its dependent starts', async () => {
		const pilot = makePilot([
			nodeProcess('tool', 'sleeper.js', {autostart: false}),
			nodeProcess('user', 'sleeper.js', {dependencies: ['tool']}),
		]);
		await pilot.start();
		const ui = show(pilot, {columns: 120, rows: 20});
		const frame = await ui.waitForFrame(text => rowOf(text, 'tool').includes('manual'));
		expect(rowOf(frame, 'tool')).toMatch(/tool +stopped .*manual \(t or ctl start\)/);
		expect(rowOf(frame, 'user')).toMatch(/user +stopped .*waiting for 'tool' to be ready/);
		await ui.press('t');
		const after = await ui.waitForFrame(text => rowOf(text, 'user').includes('running') && rowOf(text, 'tool').includes('running'), 10_000);
		expect(rowOf(after, 'tool')).toMatch(/tool +running/);
	});
});
