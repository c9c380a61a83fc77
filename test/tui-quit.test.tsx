import {afterEach, describe, expect, it, vi} from 'vitest';
import {keys} from './helpers/render-tui.js';
import {demoPilot, rowOf, show, unmountAll} from './helpers/tui-demo.js';

afterEach(unmountAll);

describe('quitting', () => {
	it('stops every process while the table shows it, then calls onQuit("stop")', async () => {
		const api = demoPilot();
		const onQuit = vi.fn();
		const ui = show(api, {columns: 120, rows: 30}, {onQuit});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('q');
		expect(api.calls).toEqual([{method: 'stop', args: []}]);
		const frame = await ui.waitForFrame(text => text.includes('stopping all…'));
		expect(rowOf(frame, 'web')).toContain('stopping');
		expect(onQuit).not.toHaveBeenCalled();
		await ui.press('r');
		expect(api.calls).toHaveLength(1);
		api.finishStop();
		await vi.waitFor(() => {
			expect(onQuit).toHaveBeenCalledWith('stop');
		});
	});

	it('forces on a second Ctrl-C', async () => {
		const api = demoPilot();
		const onQuit = vi.fn();
		const ui = show(api, {columns: 120, rows: 30}, {onQuit});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press(keys.ctrlC);
		expect(api.calls).toEqual([{method: 'stop', args: []}]);
		await ui.press(keys.ctrlC);
		expect(onQuit).toHaveBeenCalledWith('force');
	});

	it('unsubscribes from the engine when unmounted', async () => {
		const api = demoPilot();
		const ui = show(api, {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('flaky'));
		expect(api.listenerCount).toBeGreaterThan(0);
		ui.unmount();
		expect(api.listenerCount).toBe(0);
	});
});

describe('attached mode', () => {
	it('detaches with q and leaves the pilot alone', async () => {
		const api = demoPilot();
		const onQuit = vi.fn();
		const ui = show(api, {columns: 120, rows: 30}, {mode: 'attached', onQuit});
		const frame = await ui.waitForFrame(text => text.includes('flaky'));
		expect(frame).toContain('demo.yml · attached to box-1');
		expect(frame).toContain('q detach');
		await ui.press('q');
		expect(onQuit).toHaveBeenCalledWith('detach');
		expect(api.calls).toEqual([]);
	});

	it('stops the remote pilot with X then y', async () => {
		const api = demoPilot();
		const onQuit = vi.fn();
		const ui = show(api, {columns: 120, rows: 30}, {mode: 'attached', onQuit});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('X');
		await ui.waitForFrame(text => text.includes('Stop the remote pilot and every process? y/N'));
		await ui.press('y');
		expect(api.calls).toEqual([{method: 'stop', args: []}]);
		api.finishStop();
		await vi.waitFor(() => {
			expect(onQuit).toHaveBeenCalledWith('stop');
		});
	});

	it('says when the connection is being re-established', async () => {
		const api = demoPilot();
		const ui = show(api, {columns: 120, rows: 30}, {mode: 'attached'});
		await ui.waitForFrame(text => text.includes('flaky'));
		api.setSnapshot({connection: 'reconnecting'});
		await ui.waitForFrame(text => text.includes('reconnecting…'));
		api.setSnapshot({connection: 'connected'});
		await ui.waitForFrame(text => !text.includes('reconnecting…'));
	});
});
