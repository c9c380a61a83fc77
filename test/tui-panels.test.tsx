import {afterEach, describe, expect, it} from 'vitest';
import {keys} from './helpers/render-tui.js';
import {demoPilot, expectFits, show, unmountAll} from './helpers/tui-demo.js';

afterEach(unmountAll);

const size = {columns: 120, rows: 30};

describe('the detail view', () => {
	it('opens with i on the selected process: command line, environment with secrets masked, last exits; Esc closes', async () => {
		const api = demoPilot();
		const now = Date.now();
		api.details.set('web', {
			exits: [
				{pid: 4321, startedAt: now - 65_000, endedAt: now - 5000, exit: {code: 1}, wasStopped: false},
				{pid: 4300, startedAt: now - 200_000, endedAt: now - 70_000, exit: {signal: 'SIGTERM'}, wasStopped: true},
			],
		});
		const ui = show(api, size);
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('j', 'i');
		const frame = await ui.waitForFrame(text => text.includes('details: web') && text.includes('last exits'));
		expect(frame).toMatch(/command +\/usr\/bin\/node server\.js --name web/);
		expect(frame).toMatch(/directory +\/srv\/demo/);
		expect(frame).toContain('PORT=8080');
		expect(frame).toContain('API_TOKEN=********');
		expect(frame).toMatch(/last exits +\d\d:\d\d:\d\d +code 1 +ran 1m00s/);
		expect(frame).toMatch(/\d\d:\d\d:\d\d +SIGTERM +ran 2m10s .*stopped by the pilot/);
		expect(frame).toMatch(/waits for +. db running/);
		expect(frame).not.toMatch(/NAME +STATE/);
		expectFits(frame, size);
		await ui.press(keys.escape);
		await ui.waitForFrame(text => /NAME +STATE/.test(text) && !text.includes('details: web'));
	});

	it('follows the selection, and opens with Enter while the log pane is hidden', async () => {
		const ui = show(demoPilot(), size);
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('l', 'l');
		await ui.waitForFrame(text => !text.includes('logs:'));
		await ui.press(keys.enter);
		await ui.waitForFrame(text => text.includes('details: db') && text.includes('waited for by'));
		await ui.press('j');
		const frame = await ui.waitForFrame(text => text.includes('details: web') && text.includes('--name web'));
		expect(frame).toMatch(/group +PID +CPU% +RSS +COMMAND/);
		expect(frame).not.toContain('--name db');
	});

	it('scrolls with PgDn when it does not fit', async () => {
		const small = {columns: 80, rows: 12};
		const ui = show(demoPilot(), small);
		await ui.waitForFrame(text => text.includes('db'));
		await ui.press('i');
		const first = await ui.waitForFrame(text => /details: db 1-\d+\/\d+/.test(text));
		expectFits(first, small);
		await ui.press(keys.pageDown);
		await ui.waitForFrame(text => /details: db [2-9]\d*-\d+\/\d+/.test(text));
	});

	it('says so when the pilot has no details to give', async () => {
		const api = demoPilot();
		Object.defineProperty(api, 'getProcessDetail', {value: undefined});
		const ui = show(api, size);
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('i');
		await ui.waitForFrame(text => text.includes('Process details are not available here'));
	});
});

describe('the graph view', () => {
	it('shows with g what waits for what, every process once, and closes with Esc', async () => {
		const ui = show(demoPilot(), size);
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('g');
		const frame = await ui.waitForFrame(text => text.includes('dependency graph'));
		const lines = frame.split('\n');
		const at = (name: string) => lines.findIndex(line => new RegExp(`[●◐○↻✖*^o@x] ${name} `).test(line));
		expect(lines[at('db')]).toMatch(/^. db running/);
		expect(lines[at('web')]).toMatch(/^(├── |\|-- ). web running/);
		expect(lines[at('worker-with-a-rather-long-name')]).toMatch(/^(└── |`-- ). worker-with-a-rather-long-name running/);
		expect(lines[at('flaky')]).toMatch(/^. flaky backoff/);
		expect(lines[at('cron')]).toMatch(/^. cron stopped/);
		expect(at('db')).toBeLessThan(at('web'));
		expectFits(frame, size);
		await ui.press(keys.escape);
		await ui.waitForFrame(text => /NAME +STATE/.test(text));
	});

	it('colours each node by its state and follows changes', async () => {
		const api = demoPilot();
		const ui = show(api, size);
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('g');
		await ui.waitForFrame(text => text.includes('dependency graph'));
		api.update('web', {state: 'failed', ready: false, pid: null});
		await ui.waitForFrame(text => text.includes(' web failed'));
	});
});
