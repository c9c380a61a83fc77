import {describe, expect, it} from 'vitest';
import {LogRing, RingBlock} from '../source/pilot/output/log-ring.js';
import {prefixLines} from '../source/pilot/output/line-block.js';
import {LogLineFormatter} from '../source/pilot/output/log-line-format.js';
import type {LogBlock} from '../source/pilot/model/pilot-api.js';

let seq = 0;
function block(texts: readonly string[], process = 'web', asBytes = false): RingBlock {
	const text = texts.join('\n');
	const head: LogBlock = {firstSeq: seq + 1, process, stream: 'stdout', text, count: texts.length, time: 1000};
	seq += texts.length;
	return new RingBlock(head, asBytes ? Buffer.from(text) : undefined);
}

const textsOf = (ring: LogRing, limit?: number) => ring.last(limit).map(line => line.text);

describe('LogRing', () => {
	it('keeps the newest lines across blocks, oldest first, with their sequence numbers', () => {
		seq = 0;
		const ring = new LogRing(4);
		ring.push(block(['a', 'b', 'c']));
		ring.push(block(['d', 'é'], 'web', true));
		ring.push(block(['f']));
		expect(ring.size).toBe(4);
		expect(textsOf(ring)).toEqual(['c', 'd', 'é', 'f']);
		expect(ring.last().map(line => line.seq)).toEqual([3, 4, 5, 6]);
		expect(textsOf(ring, 2)).toEqual(['é', 'f']);
		expect(textsOf(ring, 100)).toEqual(['c', 'd', 'é', 'f']);
		expect(ring.last(1)).toEqual([{seq: 6, process: 'web', stream: 'stdout', text: 'f', time: 1000}]);
		ring.clear();
		expect(ring.last()).toEqual([]);
		expect(ring.size).toBe(0);
	});

	it('drops a block once all its lines are older than the newest capacity', () => {
		seq = 0;
		const ring = new LogRing(3);
		for (let index = 0; index < 200; index++) {
			ring.push(block([`${index}`, '']));
		}

		expect(textsOf(ring)).toEqual(['', '199', '']);
		expect(ring.last().map(line => line.seq)).toEqual([398, 399, 400]);
	});

	it('reads a short tail and the whole block alike (empty lines, UTF-8, bytes or text)', () => {
		seq = 0;
		const texts = Array.from({length: 300}, (_, index) => (index % 7 === 0 ? '' : `line ${index} ✓`));
		for (const asBytes of [false, true]) {
			const ring = new LogRing(1000);
			const kept = block(texts, 'web', asBytes);
			ring.push(kept);
			const tail = ring.last(5);
			expect(tail.map(line => line.text)).toEqual(texts.slice(-5));
			expect(ring.last().slice(-5)).toEqual(tail);
			expect(kept.tail(5)).toEqual(tail);
			expect(ring.last(texts.length).map(line => line.text)).toEqual(texts);
			expect(block(['', 'x'], 'web', asBytes).tail(2).map(line => line.text)).toEqual(['', 'x']);
			expect(block(['', '', 'a', ''], 'web', asBytes).tail(3).map(line => line.text)).toEqual(['', 'a', '']);
		}
	});

	it('rejects a capacity that is not a positive integer', () => {
		expect(() => new LogRing(0)).toThrow(TypeError);
	});
});

describe('lines of a block, formatted at once', () => {
	it('prefixes every line as a loop over the lines would', () => {
		const texts = ['a', '', 'größe', 'd'];
		expect(prefixLines({text: texts.join('\n'), count: 4}, 'p | ')).toBe(texts.map(text => `p | ${text}\n`).join(''));
		expect(prefixLines({text: '', count: 1}, 'p | ')).toBe('p | \n');
		// From the text with its newlines around it (a piece of the chunk read): the same.
		expect(prefixLines({text: texts.join('\n'), count: 4, framed: `\n${texts.join('\n')}\n`}, 'p | ')).toBe(texts.map(text => `p | ${text}\n`).join(''));
	});

	it('writes a block to a log file as line by line, in both formats', () => {
		for (const format of ['text', 'json'] as const) {
			const formatter = new LogLineFormatter(format);
			const texts = ['one', '', '"quoted"'];
			expect(formatter.block(1000, 'stderr', {text: texts.join('\n'), count: 3})).toBe(formatter.lines(1000, 'stderr', texts));
		}
	});
});
