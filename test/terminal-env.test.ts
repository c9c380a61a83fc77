import {describe, expect, it} from 'vitest';
import {colorPreference, shouldUseColor, withoutColors} from '../source/terminal/color-mode.js';
import {asciiGlyphs, glyphsFor, isUnicodeLocale, toAscii, unicodeGlyphs} from '../source/components/glyphs.js';

describe('colour: NO_COLOR and FORCE_COLOR', () => {
	it.each([
		[{}, true, true],
		[{}, false, false],
		[{NO_COLOR: '1'}, true, false],
		[{NO_COLOR: ''}, true, true], // An empty NO_COLOR does not count (no-color.org).
		[{FORCE_COLOR: '1'}, false, true],
		[{FORCE_COLOR: '0'}, true, false],
		[{FORCE_COLOR: 'false'}, true, false],
		[{FORCE_COLOR: '1', NO_COLOR: '1'}, false, true],
	])('%j on a terminal=%s: colour %s', (env, isTerminal, expected) => {
		expect(shouldUseColor(isTerminal, env)).toBe(expected);
	});

	it('leaves the choice to the terminal when neither is set', () => {
		expect(colorPreference({})).toBeUndefined();
	});

	it('removes every colour code from a frame and keeps attributes and resets', () => {
		expect(withoutColors('\u001B[32mok\u001B[39m \u001B[1;31mbad\u001B[22;39m \u001B[7msel\u001B[27m')).toBe('ok \u001B[1mbad\u001B[22m \u001B[7msel\u001B[27m');
		expect(withoutColors('\u001B[38;5;208mx\u001B[48;2;1;2;3;1my\u001B[0m\u001B[m')).toBe('x\u001B[1my\u001B[0m\u001B[m');
	});
});

describe('glyphs: the locale decides, LC_ALL > LC_CTYPE > LANG', () => {
	it.each([
		[{LANG: 'C.UTF-8'}, true],
		[{LANG: 'en_US.utf8'}, true],
		[{LANG: 'C'}, false],
		[{LANG: 'POSIX'}, false],
		[{LANG: 'en_US.UTF-8', LC_ALL: 'C'}, false],
		[{LANG: 'C', LC_CTYPE: 'de_DE.UTF-8'}, true],
		[{LANG: 'C', LC_CTYPE: 'de_DE.UTF-8', LC_ALL: 'C'}, false],
		[{LANG: 'en_US.UTF-8', LC_ALL: ''}, true], // Empty means unset.
		[{LANG: 'en_US.ISO-8859-1'}, false],
		[{}, true],
		[{TERM: 'linux'}, false],
	])('%j: UTF-8 %s', (env, expected) => {
		expect(isUnicodeLocale(env)).toBe(expected);
		expect(glyphsFor(env)).toBe(expected ? unicodeGlyphs : asciiGlyphs);
	});

	it('has an ASCII twin of every glyph, one column wide like the original', () => {
		for (const key of Object.keys(unicodeGlyphs) as Array<keyof typeof unicodeGlyphs>) {
			const ascii = [asciiGlyphs[key]].flat();
			expect(ascii.join('')).toMatch(/^[\u0020-\u007E]+$/);
			expect(ascii).toHaveLength([unicodeGlyphs[key]].flat().length);
		}
	});

	it('sends a non-UTF-8 terminal ASCII only, keeping widths and escape sequences', () => {
		expect(toAscii('\u001B[32m●\u001B[39m 数据库 | 🚀 api…')).toBe('\u001B[32m*\u001B[39m ?????? | ?? api~');
		expect(toAscii('── logs ──')).toBe('-- logs --');
	});
});
