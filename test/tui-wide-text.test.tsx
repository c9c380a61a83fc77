import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {fit, truncate} from '../source/components/format.js';
import {FakePilot, makeView} from './helpers/fake-pilot.js';
import {show, unmountAll} from './helpers/tui-demo.js';

afterEach(unmountAll);

const names = ['数据库', '🚀 api', 'web', '数据库复制服务器-east'];

function widePilot(): FakePilot {
	const api = new FakePilot(names.map(name => makeView(name, {restarts: name.length})));
	for (const name of names) {
		api.addLog(name, `hello from ${name}`);
	}

	return api;
}

/** The terminal column where `text` starts in `line` (CJK and emoji take two). */
function columnOf(line: string, text: string): number {
	const index = line.indexOf(text);
	expect(index, `"${text}" in "${line}"`).toBeGreaterThanOrEqual(0);
	return stringWidth(line.slice(0, index));
}

/** Header line and one line per process, found by the name's first two characters after the glyph. */
function tableLines(frame: string): {header: string; rows: string[]} {
	const lines = frame.split('\n');
	const header = lines.find(line => line.includes('NAME') && line.includes('STATE'))!;
	const rows = names.map(name => lines.find(line => line.slice(2).startsWith([...name].slice(0, 2).join('')))!);
	return {header, rows};
}

describe.each([
	{columns: 120, rows: 20},
	{columns: 50, rows: 20},
])('CJK and emoji names at $columns columns', size => {
	it('keep every column of the table aligned and every line within the terminal', async () => {
		const ui = show(widePilot(), size);
		const frame = await ui.waitForFrame(text => text.includes('web') && text.includes('PID'));
		const {header, rows} = tableLines(frame);
		for (const row of rows) {
			expect(row).toBeDefined();
			// STATE is left aligned: it starts where its title does. PID and CPU% are right aligned: they end there.
			expect(columnOf(row, 'running')).toBe(columnOf(header, 'STATE'));
			const pid = /running +yes +(\d+)/.exec(row)![1]!;
			expect(columnOf(row, ` ${pid} `) + 1 + pid.length).toBe(columnOf(header, 'PID') + 3);
			expect(columnOf(row, '1.5') + 3).toBe(columnOf(header, 'CPU%') + 4);
		}

		for (const line of frame.split('\n')) {
			expect(stringWidth(line)).toBeLessThanOrEqual(size.columns);
		}
	});
});

describe('the merged log pane with CJK and emoji names', () => {
	it('lines up the `|` after every name', async () => {
		const ui = show(widePilot(), {columns: 100, rows: 24});
		await ui.waitForFrame(text => text.includes('PID'));
		await ui.press('l');
		const frame = await ui.waitForFrame(text => text.includes('logs: all processes') && text.includes('hello from web'));
		const logLines = frame.split('\n').filter(line => line.includes('hello from'));
		expect(logLines).toHaveLength(names.length);
		const bars = logLines.map(line => columnOf(line, ' | '));
		expect(new Set(bars).size).toBe(1);
	});
});

describe('fit and truncate measure terminal columns', () => {
	it.each([
		['数据库', 6, '数据库'],
		['数据库', 5, '数据…'],
		['数据库', 4, '数… '],
		['数据库', 2, '… '],
		['🚀 api', 4, '🚀 …'],
		['🚀 api', 8, '🚀 api  '],
		['abc', 5, 'abc  '],
	])('fit(%s, %i) is %s', (text, width, expected) => {
		expect(fit(text, width)).toBe(expected);
		expect(stringWidth(fit(text, width))).toBe(width);
	});

	it('keeps colours when cutting', () => {
		expect(truncate('\u001B[31mhello world\u001B[39m', 5)).toBe('\u001B[31mhell…\u001B[39m');
	});
});
