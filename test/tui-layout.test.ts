import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {chooseColumns, columnSpecs} from '../source/components/columns.js';
import {formatDuration, formatMemory, sparkline, truncate} from '../source/components/format.js';
import {describeReason} from '../source/components/format-row.js';
import {footerHints, keymap} from '../source/components/keymap.js';
import {computeLayout, scrollTop} from '../source/components/layout.js';
import {linesInView, scrollLogs} from '../source/components/log-scroll.js';
import {sanitizeLine} from '../source/components/sanitize.js';
import {toScreen} from '../source/components/screen-stream.js';
import {readFileSync} from 'node:fs';
import {makeView} from './helpers/fake-pilot.js';

const ids = (width: number) => chooseColumns(width).map(column => column.id).join(' ');
const used = (width: number, nameWidth?: number) => {
	const columns = chooseColumns(width, {nameWidth});
	return columns.reduce((sum, column) => sum + column.width, 0) + columns.length - 1;
};

describe('chooseColumns', () => {
	it.each([
		[200, 'glyph name state ready pid cpu spark mem max restarts uptime exit info'],
		[120, 'glyph name state ready pid cpu spark mem max restarts uptime exit info'],
		[100, 'glyph name state ready pid cpu mem max restarts uptime exit info'],
		[90, 'glyph name state ready pid cpu mem restarts uptime exit info'],
		[80, 'glyph name state ready pid cpu mem restarts uptime exit'],
		[60, 'glyph name state ready pid cpu mem restarts'],
		[50, 'glyph name state ready pid cpu mem'],
		[40, 'glyph name state pid cpu'],
		[30, 'glyph name state pid'],
		[20, 'glyph name state'],
		[10, 'glyph name state'],
	])('at %i columns shows %s', (width, expected) => {
		expect(ids(width)).toBe(expected);
	});

	it('drops the sparkline and MAX first, and never NAME or STATE', () => {
		expect(ids(101)).toContain('spark');
		expect(ids(100)).not.toContain('spark');
		expect(ids(100)).toContain('max');
		expect(ids(91)).not.toContain('max');
		for (let width = 1; width <= 250; width++) {
			expect(ids(width)).toMatch(/^glyph name state/);
		}
	});

	it('never uses more than the width once NAME and STATE fit', () => {
		fc.assert(fc.property(fc.integer({min: 14, max: 400}), fc.integer({min: 1, max: 80}), (width, nameWidth) => {
			expect(used(width, nameWidth)).toBeLessThanOrEqual(width);
		}));
	});

	it('gives spare room to NAME up to the longest name, and the rest to INFO', () => {
		const columns = chooseColumns(160, {nameWidth: 24});
		expect(columns.find(column => column.id === 'name')?.width).toBe(24);
		expect(used(160, 24)).toBe(160);
		expect(chooseColumns(120, {nameWidth: 4}).find(column => column.id === 'name')?.width).toBe(10);
	});

	it('keeps every column at least as wide as its title', () => {
		for (const spec of columnSpecs) {
			expect(spec.width).toBeGreaterThanOrEqual(spec.title.length);
		}
	});
});

describe('computeLayout', () => {
	it('never makes the frame taller than the terminal minus one line', () => {
		fc.assert(fc.property(fc.integer({min: 1, max: 200}), fc.integer({min: 0, max: 300}), fc.boolean(), (rows, rowCount, showLogs) => {
			const layout = computeLayout({rows, rowCount, showLogs});
			expect(layout.total).toBeLessThanOrEqual(Math.max(1, rows - 1));
			expect(layout.total).toBe(1 + layout.footerLines + layout.messageLines + layout.titleLines + layout.tableRows + layout.logPaneLines);
		}));
	});

	it('shows every row and gives the rest to the logs when there is room', () => {
		expect(computeLayout({rows: 40, rowCount: 3, showLogs: true})).toMatchObject({tableRows: 3, logPaneLines: 32, footerLines: 1, messageLines: 1});
	});

	it('caps the table so that the logs keep some room with 200 processes', () => {
		const layout = computeLayout({rows: 40, rowCount: 200, showLogs: true});
		expect(layout.tableRows).toBe(21);
		expect(layout.logPaneLines).toBe(14);
		expect(computeLayout({rows: 40, rowCount: 200, showLogs: false}).tableRows).toBe(35);
	});

	it('drops logs, then the message line, then the footer on tiny terminals', () => {
		expect(computeLayout({rows: 8, rowCount: 5, showLogs: true})).toMatchObject({logPaneLines: 0, messageLines: 1, footerLines: 1});
		expect(computeLayout({rows: 5, rowCount: 5, showLogs: true})).toMatchObject({messageLines: 0, footerLines: 1, tableRows: 1});
		expect(computeLayout({rows: 2, rowCount: 5, showLogs: true}).total).toBe(1);
	});
});

describe('scrollTop', () => {
	it.each([
		[0, 0, 10, 200, 0],
		[0, 9, 10, 200, 0],
		[0, 10, 10, 200, 1],
		[50, 49, 10, 200, 49],
		[195, 199, 10, 200, 190],
		[5, 2, 10, 5, 0],
	])('top %i, selected %i, height %i, count %i → %i', (previous, selected, height, count, expected) => {
		expect(scrollTop(previous, selected, height, count)).toBe(expected);
	});
});

describe('footerHints', () => {
	it('comes from the keymap and always ends with help and quit', () => {
		const wide = footerHints('local', 200);
		for (const binding of keymap.filter(binding => binding.isHint && binding.modes.includes('local'))) {
			expect(wide).toContain(binding.hint ?? `${binding.display} ${binding.label}`);
		}

		expect(footerHints('local', 40)).toMatch(/\? help {2}q quit$/);
		expect(footerHints('attached', 40)).toMatch(/q detach$/);
		fc.assert(fc.property(fc.integer({min: 0, max: 200}), width => {
			expect([...footerHints('local', width)].length).toBeLessThanOrEqual(width);
		}));
	});
});

describe('log scrolling', () => {
	const lines = Array.from({length: 30}, (_, index) => ({seq: index + 1}));

	it('pages back and forth and follows again at the end', () => {
		const back = scrollLogs(lines, null, 10, -1);
		expect(back).toBe(21);
		expect(linesInView(lines, back, 10).map(line => line.seq)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
		expect(scrollLogs(lines, back, 10, -1)).toBe(12);
		expect(scrollLogs(lines, 12, 10, -1)).toBe(10);
		expect(scrollLogs(lines, back, 10, 1)).toBeNull();
		expect(scrollLogs(lines.slice(0, 5), null, 10, -1)).toBeNull();
	});

	it('keeps the same lines in view while new ones arrive', () => {
		const more = [...lines, {seq: 31}, {seq: 32}];
		expect(linesInView(more, 21, 10)).toEqual(linesInView(lines, 21, 10));
	});
});

describe('formatting', () => {
	it.each([[0, '0s'], [59_999, '59s'], [65_000, '1m05s'], [3_725_000, '1h02m'], [2 * 86_400_000 + 3_600_000, '2d01h']])('formatDuration(%i) is %s', (ms, text) => {
		expect(formatDuration(ms)).toBe(text);
	});

	it('rounds memory so jitter does not redraw rows', () => {
		expect(formatMemory(8.44)).toBe('8.4M');
		expect(formatMemory(312.4)).toBe('312M');
		expect(formatMemory(1536)).toBe('1.5G');
	});

	it('truncates with an ellipsis', () => {
		expect(truncate('tui-gamma-with-a-rather-long-name', 10)).toBe('tui-gamma…');
		expect(truncate('web', 10)).toBe('web');
	});

	it('draws a sparkline of the recent samples', () => {
		expect(sparkline([0, 50, 100], 8)).toBe('▁▅█');
		expect(sparkline(Array.from({length: 40}, () => 1), 8)).toHaveLength(8);
	});

	it('shows the retry countdown and the reason of a process in backoff', () => {
		const now = Date.now();
		const view = makeView('job', {state: 'backoff', reason: 'exited with code 1', nextRetryAt: now + 3500, retryDelayMs: 4000});
		expect(describeReason(view, now)).toBe('retry in 4s · exited with code 1');
		expect(describeReason(makeView('job', {state: 'failed', reason: 'ready timeout'}), now)).toBe('ready timeout');
	});

	it('removes escape sequences and control characters from output lines', () => {
		expect(sanitizeLine('\u001B[31mred\u001B[0m\ttab')).toBe('red    tab');
		expect(sanitizeLine('crlf\r')).toBe('crlf');
		expect(sanitizeLine('a\u0007b\u001B[2Jc')).toBe('abc');
	});
});

describe('toScreen', () => {
	it('draws every frame from the top-left corner, clearing line ends and what is below', () => {
		const walkBack = '\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K\u001B[G';
		expect(toScreen(`${walkBack}head\nrow\n`)).toBe('\u001B[Hhead\u001B[K\nrow\u001B[K\n\u001B[K\u001B[J');
		expect(toScreen('\u001B[31mred\u001B[39m')).toBe('\u001B[H\u001B[31mred\u001B[39m\u001B[K\u001B[J');
	});

	it('passes mode switches through', () => {
		expect(toScreen('\u001B[?25l')).toBe('\u001B[?25l');
		expect(toScreen('\u001B[?2026h')).toBe('\u001B[?2026h');
		expect(toScreen('')).toBe('');
	});
});

describe.each(['docs/tui.md', 'README.md'])('%s', file => {
	it('documents every key of the keymap', () => {
		const docs = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
		for (const binding of keymap) {
			expect(docs).toContain(`\`${binding.display}\``);
			expect(docs).toContain(binding.description);
		}
	});
});
