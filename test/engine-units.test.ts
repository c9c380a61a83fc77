import {describe, expect, it} from 'vitest';
import {LineSplitter, maxLineLength} from '../source/pilot/output/line-splitter.js';
import {nextRestartDelay} from '../source/pilot/engine/restart-policy.js';
import {hasControlByte} from '../source/pilot/output/has-control-byte.js';

const policy = {min_uptime_sec: 5, restart_delay_sec: 0.5, max_restart_delay_sec: 30, max_restarts: null};

describe('nextRestartDelay', () => {
	it.each([
		{uptime: 10, previous: 4, expected: {kind: 'restart', delayMs: 0, quickExits: 0}},
		{uptime: 0.1, previous: 0, expected: {kind: 'restart', delayMs: 500, quickExits: 1}},
		{uptime: 0.1, previous: 1, expected: {kind: 'restart', delayMs: 1000, quickExits: 2}},
		{uptime: 0.1, previous: 3, expected: {kind: 'restart', delayMs: 4000, quickExits: 4}},
		{uptime: 0.1, previous: 20, expected: {kind: 'restart', delayMs: 30_000, quickExits: 21}},
	])('after $uptime s with $previous quick exits: $expected.delayMs ms', ({uptime, previous, expected}) => {
		expect(nextRestartDelay(policy, uptime, previous)).toEqual(expected);
	});

	it('gives up after max_restarts quick exits in a row', () => {
		const limited = {...policy, max_restarts: 3};
		expect(nextRestartDelay(limited, 0, 2).kind).toBe('restart');
		expect(nextRestartDelay(limited, 0, 3)).toEqual({kind: 'give-up', quickExits: 4});
		expect(nextRestartDelay(limited, 6, 3).kind).toBe('restart');
	});
});

describe('LineSplitter', () => {
	function split(...chunks: Array<string | Buffer>): string[] {
		const lines: string[] = [];
		const splitter = new LineSplitter((text, count, bytes, framed) => {
			const block = text.split('\n');
			expect(block).toHaveLength(count);
			if (bytes) {
				expect(bytes.toString()).toBe(text);
			}

			if (framed !== undefined) {
				expect(framed).toBe(`\n${text}\n`);
			}

			lines.push(...block);
		});
		for (const chunk of chunks) {
			splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
		}

		splitter.end();
		return lines;
	}

	it('joins partial lines and strips CRLF', () => {
		expect(split('hel', 'lo\r\nwor', 'ld\n', 'tail')).toEqual(['hello', 'world', 'tail']);
	});

	it('keeps UTF-8 characters split across chunks', () => {
		const bytes = Buffer.from('größe\n');
		expect(split(bytes.subarray(0, 3), bytes.subarray(3))).toEqual(['größe']);
	});

	it('cuts endless lines and counts what it dropped', () => {
		const [line] = split('y'.repeat(maxLineLength + 100), '\n');
		expect(line!.startsWith('y'.repeat(maxLineLength))).toBe(true);
		expect(line).toMatch(/… \[100 more characters\]$/);
	});

	it('finds the control bytes it replaces, as the text test does, in any chunk', () => {
		const textTest = /[^\t\n\u001B\u0020-\u007E\u0080-\uFFFF]/;
		const samples = ['plain text\n', 'tab\tand \u001B[31mcolour\u001B[0m\n', 'größe ✓\n', 'bell\u0007', 'nul\u0000', 'del\u007F', 'cr\r', '\u001F', ''];
		for (const sample of samples) {
			expect(hasControlByte(Buffer.from(sample)), sample).toBe(textTest.test(sample));
		}

		expect(split('a\u0000b\n', 'clean\n')).toEqual(['a\uFFFDb', 'clean']);
		expect(split('a\u0000', 'b\nc\nd', 'e\n')).toEqual(['a\uFFFDb', 'c', 'de']);
		expect(split('50%\r', '\nnext\n', `${'y'.repeat(maxLineLength + 1)}\nz`)).toEqual(['50%', 'next', `${'y'.repeat(maxLineLength)} … [1 more characters]`, 'z']);
	});

	it('keeps only the last state of a line redrawn with \\r (a progress bar)', () => {
		expect(split('10%\r20%\r30%\n')).toEqual(['30%']);
		expect(split('\r10%', '\r20%', '\r30%\r\n', 'next\n')).toEqual(['30%', 'next']);
		expect(split('[##  ] 50%\r', '[####] 100%', '\n')).toEqual(['[####] 100%']);
		expect(split('done\r')).toEqual(['done']);
	});

	it('keeps a progress bar that never ends its line to one state, not maxLineLength of history', () => {
		const chunks = Array.from({length: 2000}, (_, index) => `\rdownloading ${index}/2000`);
		expect(split(...chunks, '\n')).toEqual(['downloading 1999/2000']);
	});

	it('gives the whole lines of a clean chunk after its first as one block, with their bytes', () => {
		const blocks: Array<{text: string; count: number; bytes?: string}> = [];
		const splitter = new LineSplitter((text, count, bytes) => blocks.push({text, count, ...(bytes ? {bytes: bytes.toString()} : {})}));
		splitter.push(Buffer.from('par'));
		splitter.push(Buffer.from('tial\nä\n\nc\ntail'));
		splitter.push(Buffer.from(`\nx\n${'y'.repeat(maxLineLength + 1)}\nz\n`));
		splitter.end();
		expect(blocks).toEqual([
			{text: 'partial', count: 1},
			{text: 'ä\n\nc', count: 3, bytes: 'ä\n\nc'},
			{text: 'tail', count: 1},
			// An endless line breaks the run: it is cut, and the lines around it come without bytes.
			{text: 'x', count: 1},
			{text: `${'y'.repeat(maxLineLength)} … [1 more characters]`, count: 1},
			{text: 'z', count: 1},
		]);
	});

	it('keeps a UTF-8 character split across chunks out of the bytes it passes on', () => {
		const bytes = Buffer.from('a\nb\ngrö\nc\n');
		expect(split(bytes.subarray(0, 8), bytes.subarray(8))).toEqual(['a', 'b', 'grö', 'c']);
		// An ASCII chunk after a broken sequence still goes through the decoder (which ends the sequence as U+FFFD).
		expect(split(Buffer.from([0x61, 0xC3]), 'b\n', 'c\n')).toEqual(['a\uFFFDb', 'c']);
	});

	it('replaces control characters but keeps tabs and escape sequences', () => {
		expect(split(Buffer.from([0x61, 0x00, 0x09, 0x1B, 0x5B, 0x6D, 0x07, 0x0A]))).toEqual(['a\uFFFD\t\u001B[m\uFFFD']);
	});
});
