// string-width with a memory, put in place of string-width in the CLI bundle (scripts/bundle-cli.js).
// Ink measures every Text node and then every cell of every frame with string-width; a table row
// holds colour codes and non-ASCII glyphs (● ▁▂▃), which send it through Intl.Segmenter and the
// emoji regex each time: most of a frame's CPU. Rows and cells repeat from frame to frame, so a
// bounded cache of the widths turns nearly every call into a lookup.
import stringWidth from '../node_modules/string-width/index.js';

const limit = 4096;
let widths = new Map();
const colourCodes = /\u001B\[[\d;]*m/g;
// One column each, whatever the locale (East Asian Width narrow or ambiguous, no emoji presentation):
// printable ASCII and Latin-1, general punctuation (… · –), arrows, box drawing, block elements and
// geometric shapes up to U+25FC (◽ ◾ after it are emoji). What the table draws is made of these.
const narrow = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u00FF\u2010-\u2027\u2190-\u21FF\u2500-\u25FC]*$/;

function measure(text) {
	const plain = text.includes('\u001B') ? text.replaceAll(colourCodes, '') : text;
	return narrow.test(plain) ? plain.length : stringWidth(text);
}

export default function cachedStringWidth(text, options) {
	if (options !== undefined || typeof text !== 'string' || text.length > 512) {
		return stringWidth(text, options);
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
