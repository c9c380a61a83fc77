import {afterEach, describe, expect, it} from 'vitest';
import {FakePilot, makeView} from './helpers/fake-pilot.js';
import {keys} from './helpers/render-tui.js';
import {show, unmountAll} from './helpers/tui-demo.js';
import {compileSearch, findMatches, stepMatch} from '../source/components/log-search.js';

afterEach(unmountAll);

const ctrlF = '\u0006';

function pilotWithLogs(): FakePilot {
	const api = new FakePilot([makeView('api'), makeView('worker')]);
	for (let index = 0; index < 60; index++) {
		const text = index === 5 || index === 20 || index === 50 ? `request ${index} failed: error code ${index}` : `request ${index} ok`;
		api.addLog(index % 2 === 0 ? 'api' : 'worker', text, index === 50 ? 'stderr' : 'stdout');
	}

	return api;
}

/** The log line marked as the current match (`>`). */
const currentLine = (frame: string) => frame.split('\n').find(line => line.startsWith('>')) ?? '';

describe('search in the log pane', () => {
	it('Ctrl-F, a pattern, Enter: shows the count, n and N move between matches, Esc ends', async () => {
		const ui = show(pilotWithLogs(), {columns: 100, rows: 30});
		await ui.waitForFrame(text => text.includes('logs: api'));
		await ui.press(ctrlF);
		await ui.waitForFrame(text => text.includes('search: █') && text.includes('Enter search'));
		await ui.press('e', 'r', 'r', 'o', 'r', keys.enter);
		let frame = await ui.waitForFrame(text => text.includes('match 2 of 2'));
		expect(frame).toContain('logs: api · /error/ match 2 of 2');
		expect(currentLine(frame)).toContain('request 50 failed');
		await ui.press('n');
		frame = await ui.waitForFrame(text => text.includes('match 1 of 2'));
		expect(currentLine(frame)).toContain('request 20 failed');
		await ui.press('n');
		await ui.waitForFrame(text => text.includes('match 1 of 2'));
		await ui.press('N');
		frame = await ui.waitForFrame(text => text.includes('match 2 of 2'));
		expect(currentLine(frame)).toContain('request 50 failed');
		await ui.press(keys.escape);
		frame = await ui.waitForFrame(text => !text.includes('match'));
		expect(currentLine(frame)).toBe('');
	});

	it('searches the merged log, case-insensitively unless the pattern has a capital', async () => {
		const ui = show(pilotWithLogs(), {columns: 100, rows: 30});
		await ui.waitForFrame(text => text.includes('logs: api'));
		await ui.press('l');
		await ui.waitForFrame(text => text.includes('logs: all processes'));
		await ui.press(ctrlF, 'E', 'R', 'R', 'O', 'R', keys.enter);
		await ui.waitForFrame(text => text.includes('/ERROR/ no match'));
		await ui.press(ctrlF, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, 'E', 'r', 'r', 'o', 'r', keys.enter);
		await ui.waitForFrame(text => text.includes('/Error/ no match'));
		await ui.press(ctrlF, keys.backspace, keys.backspace, keys.backspace, keys.backspace, keys.backspace, 'f', 'a', 'i', 'l', 'e', 'd', keys.enter);
		const frame = await ui.waitForFrame(text => text.includes('/failed/ match 3 of 3'));
		expect(currentLine(frame)).toMatch(/api +\| request 50 failed/);
		await ui.press('n', 'n');
		expect(currentLine(await ui.waitForFrame(text => text.includes('match 1 of 3')))).toMatch(/worker +\| request 5 failed/);
	});

	it('says what is wrong with a bad pattern', async () => {
		const ui = show(pilotWithLogs(), {columns: 100, rows: 30});
		await ui.waitForFrame(text => text.includes('logs: api'));
		await ui.press(ctrlF, '(', keys.enter);
		await ui.waitForFrame(text => text.includes('search /(/: ') && text.includes('Unterminated group'));
	});
});

describe('log search functions', () => {
	const lines = ['a error', 'b', 'c Error', 'd'].map((text, index) => ({seq: index + 1, text}));
	it('is case-insensitive unless the pattern has an upper-case letter', () => {
		expect(findMatches(lines, compileSearch('error') as RegExp)).toEqual([1, 3]);
		expect(findMatches(lines, compileSearch('Error') as RegExp)).toEqual([3]);
		expect(compileSearch('[')).toEqual({error: expect.stringContaining('[')});
	});

	it('starts at the newest match, n goes to older ones and stops at the oldest', () => {
		expect(stepMatch([1, 3], null, 'first')).toBe(3);
		expect(stepMatch([1, 3], 3, 'next')).toBe(1);
		expect(stepMatch([1, 3], 1, 'next')).toBe(1);
		expect(stepMatch([1, 3], 1, 'previous')).toBe(3);
		expect(stepMatch([], null, 'first')).toBeNull();
	});
});
