import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {changedSpan, coloursInForce, ScreenDiff} from '../source/components/screen-diff.js';

/** A tiny terminal: cursor moves (CUP, H), erase line (K) and below (J); colours are tracked per cell. */
function createTerminal(width: number, height: number) {
	const blank = () => Array.from({length: width}, () => ({text: ' ', sgr: ''}));
	const cells = Array.from({length: height}, blank);
	let row = 0;
	let column = 0;
	let sgr = '';
	const write = (bytes: string) => {
		const tokens = bytes.match(/\u001B\[[\d;?]*[A-Za-z]|\n|[\s\S]/gu) ?? [];
		for (const token of tokens) {
			if (token === '\n') {
				row++;
				column = 0;
			} else if (token.startsWith('\u001B[')) {
				const [kind, numbers] = [token.at(-1), token.slice(2, -1).split(';').map(Number)];
				if (kind === 'H') {
					row = Math.max(1, numbers[0] ?? 1) - 1;
					column = Math.max(1, numbers[1] ?? 1) - 1;
				} else if (kind === 'K') {
					cells[row]!.splice(column, width - column, ...blank().slice(column));
				} else if (kind === 'J') {
					cells[row]!.splice(column, width - column, ...blank().slice(column));
					cells.splice(row + 1, height - row - 1, ...Array.from({length: height - row - 1}, blank));
				} else if (kind === 'm') {
					sgr = token === '\u001B[0m' ? '' : sgr + token;
				}
			} else {
				const cellWidth = stringWidth(token);
				cells[row]![column] = {text: token, sgr};
				if (cellWidth === 2) {
					cells[row]![column + 1] = {text: '', sgr};
				}

				column += cellWidth;
			}
		}
	};

	/** Each line's text, and which cells are red (the only colour the tests use). */
	const screen = () => cells.map(line => line.map(cell => cell.text).join('').trimEnd() + ' | ' + line.map(cell => (cell.sgr.lastIndexOf('\u001B[31m') > cell.sgr.lastIndexOf('\u001B[39m') ? 'r' : '.')).join(''));
	return {write, screen};
}

const red = (text: string) => `\u001B[31m${text}\u001B[39m`;

const frames = [
	`head  up 9s\n${red('●')} web   running  9s -\n${red('●')} db    backoff 10s retry in 3s\n`,
	`head  up 10s\n${red('●')} web   running 10s -\n${red('●')} db    backoff 11s retry in 2s\n`,
	`head  up 10s\n${red('● web')}   ${red('failed')} - exit 1\n${red('●')} db    backoff 11s retry in 2s\n`,
	`head  up 10s\n● 漢字web running 1m -\n`,
	`head  up 10s\n● 漢字web running 2m -\nthird line\nfourth\n`,
	'',
];

describe('ScreenDiff', () => {
	it('leaves the terminal as a full draw of every frame would', () => {
		const diffed = createTerminal(40, 6);
		const full = createTerminal(40, 6);
		const diff = new ScreenDiff();
		for (const frame of frames) {
			diffed.write(diff.draw(frame));
			full.write(new ScreenDiff().draw(frame));
			expect(diffed.screen()).toEqual(full.screen());
		}
	});

	it('sends nothing for an unchanged frame and only the changed cells of a changed line', () => {
		const diff = new ScreenDiff();
		diff.draw('web   running   59s  -\ndb    running 1h02m  -');
		expect(diff.draw('web   running   59s  -\ndb    running 1h02m  -')).toBe('');
		expect(diff.draw('web   running    1m  -\ndb    running 1h02m  -')).toBe('\u001B[1;17H 1m');
	});

	it('cuts spans at spaces and redraws the rest of the line when the width changed', () => {
		expect(changedSpan('a 12s b', 'a 13s b')).toEqual({start: 2, end: 5});
		expect(changedSpan('a 12s b', 'a 123s b')).toEqual({start: 2, end: 8});
		expect(changedSpan('a 漢 b', 'a ab b')).toEqual({start: 2, end: 4});
		expect(changedSpan('a 漢 b', 'a abc b')).toEqual({start: 2, end: 7});
	});

	it('replays only the colours still open where the change starts', () => {
		expect(coloursInForce('\u001B[31m● \u001B[39mweb \u001B[1mbold\u001B[22m ')).toBe('');
		expect(coloursInForce('\u001B[7m\u001B[31m● \u001B[39mweb ')).toBe('\u001B[7m');
		expect(coloursInForce('\u001B[1m\u001B[31mx\u001B[0m\u001B[90my ')).toBe('\u001B[90m');
	});
});
