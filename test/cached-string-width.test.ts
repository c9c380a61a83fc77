import {setTimeout as sleep} from 'node:timers/promises';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import width from '../scripts/cached-string-width.js';

const samples = ['abc', '日本語', '🚀 go', 'e\u0301', '\u001B[31mred\u001B[39m', '\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007', '●▁▂▃ ✓', '한국어 ok'];

describe('the bundle\'s string-width', () => {
	it('agrees with string-width before string-width has loaded (all but emoji sequences)', () => {
		expect(samples.map(text => width(text))).toEqual(samples.map(text => stringWidth(text)));
	});

	it('agrees with string-width on emoji sequences once it has loaded, and forgets its guesses', async () => {
		const family = '👨‍👩‍👧 x';
		width(family);
		await sleep(200);
		expect(width(family)).toBe(stringWidth(family));
		expect(samples.map(text => width(text))).toEqual(samples.map(text => stringWidth(text)));
	});
});
