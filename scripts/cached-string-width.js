// string-width with a memory, put in place of string-width in the CLI bundle (scripts/bundle-cli.js).
// Ink measures every Text node and then every cell of every frame with string-width; a table row
// holds colour codes and non-ASCII glyphs (● ▁▂▃), which send it through Intl.Segmenter and the
// emoji regex each time: most of a frame's CPU. Rows and cells repeat from frame to frame, so a
// bounded cache of the widths turns nearly every call into a lookup.
//
// string-width itself is loaded only when a text needs it: building its emoji regular expression
// (\p{RGI_Emoji}) costs ~25 ms of the first frame, and what the table draws never needs it. Until
// it has loaded (a few milliseconds after the first such text) a text is measured code point by
// code point with East Asian Width, which is exact for all but emoji sequences; those widths are
// forgotten once string-width is there.
import {eastAsianWidth} from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';

const limit = 4096;
let widths = new Map();
let exactWidth;
let isLoading = false;
const colourCodes = /\u001B\[[\d;]*m/g;
// One column each, whatever the locale (East Asian Width narrow or ambiguous, no emoji presentation):
// printable ASCII and Latin-1, general punctuation (… · –), arrows, box drawing, block elements and
// geometric shapes up to U+25FC (◽ ◾ after it are emoji). What the table draws is made of these.
const narrow = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u00FF\u2010-\u2027\u2190-\u21FF\u2500-\u25FC]*$/;
// No column: C0 and C1 controls, combining marks, zero-width joiners and spaces, variation selectors.
const isZeroWidth = codePoint => codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F)
	|| (codePoint >= 0x3_00 && codePoint <= 0x3_6F) || (codePoint >= 0x20_0B && codePoint <= 0x20_0F)
	|| (codePoint >= 0xFE_00 && codePoint <= 0xFE_0F);

function loadExactWidth() {
	if (isLoading) {
		return;
	}

	isLoading = true;
	void import('../node_modules/string-width/index.js').then(module => {
		exactWidth = module.default;
		widths = new Map();
	});
}

function approximateWidth(plain) {
	let width = 0;
	for (const character of plain) {
		const codePoint = character.codePointAt(0);
		if (!isZeroWidth(codePoint)) {
			width += eastAsianWidth(codePoint);
		}
	}

	return width;
}

function measure(text) {
	const plain = text.includes('\u001B') ? text.replaceAll(colourCodes, '') : text;
	if (narrow.test(plain)) {
		return plain.length;
	}

	if (exactWidth) {
		return exactWidth(text);
	}

	loadExactWidth();
	return approximateWidth(stripAnsi(plain));
}

export default function cachedStringWidth(text, options) {
	if (options !== undefined || typeof text !== 'string' || text.length > 512) {
		return exactWidth ? exactWidth(text, options) : measure(String(text));
	}

	let width = widths.get(text);
	if (width === undefined) {
		width = measure(text);
		if (widths.size >= limit) {
			widths = new Map();
		}

		widths.set(text, width);
	}

	return width;
}
