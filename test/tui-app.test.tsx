import {afterEach, describe, expect, it, vi} from 'vitest';
import {keymap} from '../source/components/keymap.js';
import {FakePilot, makeView} from './helpers/fake-pilot.js';
import {keys} from './helpers/render-tui.js';
import {demoPilot, expectFits, rowOf, show, unmountAll} from './helpers/tui-demo.js';

afterEach(unmountAll);

describe.each([
	{columns: 120, rows: 30},
	{columns: 50, rows: 30},
])('at $columns columns', size => {
	it('shows the header, every process and the footer within the terminal', async () => {
		const ui = show(demoPilot(), size);
		const frame = await ui.waitForFrame(text => text.includes('flaky'));
		expect(frame).toContain('demo.yml @ box-1');
		expect(frame).toContain('running 3/5');
		expect(frame).toMatch(/NAME +STATE/);
		for (const name of ['db', 'web', 'flaky', 'cron']) {
			expect(rowOf(frame, name)).not.toBe('');
		}

		expect(frame).toContain('? help');
		expectFits(frame, size);
	});

	it('restarts, stops and starts the selected process through the engine, with feedback at once', async () => {
		const api = demoPilot();
		const ui = show(api, size);
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press(keys.down, 'r');
		expect(api.calls).toEqual([{method: 'restartProcesses', args: [['web']]}]);
		await ui.waitForFrame(text => rowOf(text, 'web').includes('stopping'));
		await ui.press('s');
		expect(api.calls.at(-1)).toEqual({method: 'stopProcess', args: ['web']});
		await ui.press('j', 'j', 'j', 't');
		expect(api.calls.at(-1)).toEqual({method: 'startProcess', args: ['cron']});
		await ui.waitForFrame(text => rowOf(text, 'cron').includes('starting'));
		await ui.press('k', 'k', 'k', 'k', 'k', 's');
		expect(api.calls.at(-1)).toEqual({method: 'stopProcess', args: ['db']});
		expectFits(ui.frame(), size);
	});
});

describe('keys arriving together', () => {
	it('handles each key of one read in turn (fast typing, a paste)', async () => {
		const api = demoPilot();
		const ui = show(api, {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('jjr');
		expect(api.calls).toEqual([{method: 'restartProcesses', args: [['worker-with-a-rather-long-name']]}]);
		await ui.press('/web\r');
		await ui.waitForFrame(text => text.includes('filter "web"') && !text.includes(' db '));
	});
});

describe('the process table', () => {
	it('shows every column at 120 columns and drops the sparkline, MAX and more at 50', async () => {
		const wide = show(demoPilot(), {columns: 120, rows: 30});
		const frame = await wide.waitForFrame(text => text.includes('flaky'));
		expect(frame).toMatch(/NAME +STATE +READY +PID +CPU% +MEM +MAX RESTARTS UPTIME +EXIT INFO/);
		expect(rowOf(frame, 'flaky')).toMatch(/backoff .* 4 .* 3 retry in [78]s/);
		expect(rowOf(frame, 'web')).toMatch(/running +yes +\d+ +1\.5 [▁▂▃▄▅▆▇█]+ +20\.0M +25\.0M +2 +1m +1/);
		const narrow = show(demoPilot(), {columns: 50, rows: 30});
		const small = await narrow.waitForFrame(text => text.includes('flaky'));
		expect(small).toMatch(/NAME +STATE +READY +PID +CPU% +MEM/);
		expect(small).not.toContain('MAX');
		expect(small).not.toContain('RESTARTS');
		expect(small).toContain('worker-with…');
	});

	it('shows the full reason of the selected process above its logs', async () => {
		const ui = show(demoPilot(), {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('j', 'j', 'j');
		await ui.waitForFrame(text => text.includes('logs: flaky · backoff: exited with code 3'));
	});

	it('re-lays out at once when the terminal is resized', async () => {
		const ui = show(demoPilot(), {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('RESTARTS'));
		ui.resize(60, 12);
		const frame = await ui.waitForFrame(text => !text.includes('UPTIME'));
		expect(frame).toMatch(/NAME +STATE/);
		expect(frame).toContain('demo.yml');
		expectFits(frame, {columns: 60, rows: 12});
	});

	it('scrolls 200 processes with the selection and never outgrows the terminal', async () => {
		const api = new FakePilot(Array.from({length: 200}, (_, index) => makeView(`svc-${String(index).padStart(3, '0')}`)));
		const size = {columns: 80, rows: 24};
		const ui = show(api, size);
		await ui.waitForFrame(text => text.includes('svc-000'));
		expect(ui.frame()).not.toContain('svc-199');
		await ui.press(...Array.from({length: 30}, () => keys.down));
		const frame = await ui.waitForFrame(text => text.includes('svc-030'));
		expect(frame).not.toContain('svc-000');
		expect(frame).toContain('/200');
		expectFits(frame, size);
		await ui.press('r');
		expect(api.calls.at(-1)).toEqual({method: 'restartProcesses', args: [['svc-030']]});
	});

	it('filters rows by name and clears the filter with Esc', async () => {
		const ui = show(demoPilot(), {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('/', 'w', 'e');
		let frame = await ui.waitForFrame(text => !text.includes(' db '));
		expect(frame).toContain('/we█');
		expect(rowOf(frame, 'web')).not.toBe('');
		for (const name of ['worker-with', 'flaky', 'cron']) {
			expect(rowOf(frame, name)).toBe('');
		}

		await ui.press(keys.enter);
		await ui.waitForFrame(text => text.includes('filter "we"'));
		await ui.press('/', keys.escape);
		frame = await ui.waitForFrame(text => text.includes(' db '));
		expect(frame).not.toContain('filter "we"');
	});

	it('cycles the sort column with o', async () => {
		const api = demoPilot();
		api.update('cron', {cpuPercent: 0});
		api.update('db', {cpuPercent: 50});
		const ui = show(api, {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('o');
		let frame = await ui.waitForFrame(text => text.includes('NAME↓'));
		const order = (text: string) => ['cron', 'db', 'flaky', 'web'].map(name => text.indexOf(` ${name} `));
		expect(order(frame)).toEqual([...order(frame)].sort((a, b) => a - b));
		await ui.press('o', 'o');
		frame = await ui.waitForFrame(text => text.includes('CPU%↓'));
		expect(frame.indexOf(' db ')).toBeLessThan(frame.indexOf(' web '));
	});
});

describe('the log pane', () => {
	it('follows the selected process, marks stderr, then merges all processes, then hides', async () => {
		const api = demoPilot();
		const ui = show(api, {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('db ready'));
		await ui.press(keys.down);
		let frame = await ui.waitForFrame(text => text.includes('logs: web'));
		expect(frame).toContain(' listening on :8080');
		expect(frame).toContain('!deprecated option --foo');
		expect(frame).not.toContain('db ready');
		api.addLog('web', 'GET / 200');
		await ui.waitForFrame(text => text.includes('GET / 200'));
		await ui.press('l');
		frame = await ui.waitForFrame(text => text.includes('logs: all processes'));
		expect(frame).toMatch(/ db +\| db ready/);
		expect(frame).toMatch(/!web +\| deprecated option/);
		await ui.press(keys.enter);
		frame = await ui.waitForFrame(text => !text.includes('logs:'));
		expect(frame).not.toContain('listening');
	});

	it('scrolls back with PgUp, stays put while lines arrive, and follows again with PgDn', async () => {
		const api = demoPilot();
		for (let index = 1; index <= 60; index++) {
			api.addLog('db', `line ${index}`);
		}

		const ui = show(api, {columns: 80, rows: 20});
		await ui.waitForFrame(text => text.includes('line 60'));
		await ui.press(keys.pageUp);
		let frame = await ui.waitForFrame(text => text.includes('scrolled back'));
		expect(frame).not.toContain('line 60');
		const bottom = frame.split('\n').filter(line => / line \d+$/.test(line)).at(-1);
		api.addLog('db', 'line 61');
		// A change the screen shows, made after the line: once it is drawn, so was the line's render.
		api.addMessage('info', 'after line 61');
		frame = await ui.waitForFrame(text => text.includes('after line 61'));
		expect(frame.split('\n').filter(line => / line \d+$/.test(line)).at(-1)).toBe(bottom);
		await ui.press(keys.pageDown, keys.pageDown, keys.pageDown);
		frame = await ui.waitForFrame(text => text.includes('following'));
		expect(frame).toContain('line 61');
	});
});

describe('keys with a question or a help screen', () => {
	it('restarts every process only after y', async () => {
		const api = demoPilot();
		const ui = show(api, {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('R');
		await ui.waitForFrame(text => text.includes('Restart all 5 processes? y/N'));
		await ui.press('n');
		await ui.waitForFrame(text => !text.includes('Restart all'));
		expect(api.calls).toEqual([]);
		await ui.press('R', 'y');
		expect(api.calls).toEqual([{method: 'restartProcesses', args: [['db', 'web', 'worker-with-a-rather-long-name', 'flaky', 'cron']]}]);
	});

	it('lists every key of the keymap on the help screen', async () => {
		const ui = show(demoPilot(), {columns: 120, rows: 30});
		await ui.waitForFrame(text => text.includes('flaky'));
		await ui.press('?');
		const frame = await ui.waitForFrame(text => text.includes('Keys'));
		for (const binding of keymap.filter(binding => binding.modes.includes('local'))) {
			expect(frame).toContain(binding.description);
		}

		await ui.press(keys.escape);
		await ui.waitForFrame(text => text.includes('flaky'));
	});

	it('shows the pilot\'s messages and failed actions on the message line', async () => {
		const api = demoPilot();
		const ui = show(api, {columns: 120, rows: 30});
		api.addMessage('warn', 'Lifecycle hook \'x\' of process \'web\' is not provided by any plugin', 'web');
		await ui.waitForFrame(text => text.includes('⚠ web: Lifecycle hook'));
		vi.spyOn(api, 'stopProcess').mockRejectedValueOnce(new Error('Process \'db\' is busy'));
		await ui.press('s');
		await ui.waitForFrame(text => text.includes('✖ Process \'db\' is busy'));
	});
});

describe('the clock', () => {
	it('advances uptimes once a second while nothing else changes', async () => {
		const started = Date.now() - 5000;
		const api = new FakePilot([makeView('solo', {state: 'running', ready: true, pid: 42, startedAt: started})], {startedAt: started, isRunning: true});
		const ui = show(api, {columns: 120, rows: 20});
		const first = await ui.waitForFrame(text => /solo.* 5s /.test(text));
		expect(rowOf(first, 'solo')).toMatch(/ 5s /);
		const later = await ui.waitForFrame(text => /solo.* [67]s /.test(text), 5000);
		expect(rowOf(later, 'solo')).toMatch(/ [67]s /);
	});
});
