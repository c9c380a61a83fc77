import {StringDecoder} from 'node:string_decoder';

/** Longest line kept; the rest of a longer line is dropped and counted. */
export const maxLineLength = 8192;

// C0 controls other than tab and ESC (kept for colours, which the UI strips), plus DEL.
const controlCharacters = /[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F]/g;

/**
Turns a byte stream into lines: handles chunks that split lines or UTF-8 sequences, CRLF,
binary noise (control characters become U+FFFD) and endless lines (cut at `maxLineLength`).
*/
export class LineSplitter {
	readonly #decoder = new StringDecoder('utf8');
	#partial = '';
	#dropped = 0;

	constructor(private readonly onLine: (line: string) => void) {}

	push(chunk: Buffer | string): void {
		const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
		let start = 0;
		let newline = text.indexOf('\n');
		while (newline !== -1) {
			this.#append(text.slice(start, newline));
			this.#emit();
			start = newline + 1;
			newline = text.indexOf('\n', start);
		}

		this.#append(text.slice(start));
	}

	/** Emit what is left (a last line without a newline). */
	end(): void {
		this.#append(this.#decoder.end());
		if (this.#partial.length > 0 || this.#dropped > 0) {
			this.#emit();
		}
	}

	#append(text: string): void {
		if (text.length === 0) {
			return;
		}

		const room = maxLineLength - this.#partial.length;
		if (text.length <= room) {
			this.#partial += text;
			return;
		}

		this.#partial += text.slice(0, Math.max(room, 0));
		this.#dropped += text.length - Math.max(room, 0);
	}

	#emit(): void {
		let line = this.#partial.endsWith('\r') ? this.#partial.slice(0, -1) : this.#partial;
		line = line.replaceAll('\r', ' ').replace(controlCharacters, '\uFFFD');
		if (this.#dropped > 0) {
			line += ` … [${this.#dropped} more characters]`;
		}

		this.#partial = '';
		this.#dropped = 0;
		this.onLine(line);
	}
}
