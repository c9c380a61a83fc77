import {isAscii} from 'node:buffer';
import {StringDecoder} from 'node:string_decoder';
import {hasControlByte} from './has-control-byte.js';

/** Longest line kept; the rest of a longer line is dropped and counted. */
export const maxLineLength = 8192;

// C0 controls other than tab and ESC (kept for colours, which the UI strips), plus DEL.
const controlCharacters = /[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F]/g;
// The same, tested once per chunk: most output has none, and its lines then skip the replace.
// Written as what is allowed (tab, newline, ESC, printable ASCII, the rest of Unicode): the same
// characters, and V8 runs the negated class about a quarter faster over a large chunk.
const hasControlCharacter = /[^\t\n\u001B\u0020-\u007E\u0080-\uFFFF]/;

/**
Turns a byte stream into lines: handles chunks that split lines or UTF-8 sequences, CRLF,
binary noise (control characters become U+FFFD) and endless lines (cut at `maxLineLength`).
Lines go out in blocks: `onLines(text, count)` gets `count` lines joined with `\n` (no newline
at the end), a clean chunk's whole lines in one call, sliced out of the chunk's text at once: a
fast writer's chunk holds hundreds of lines, and no one needs them one by one on the way through.

This is the one place `\r` is handled: a line redrawn with carriage returns (a progress bar
writing `10%\r20%\r30%\n`) becomes its last state, `30%`, as a terminal would have shown it.
Each redraw replaces the line so far, so a bar that redraws for an hour without a newline never
grows past one state.
*/
export class LineSplitter {
	readonly #decoder = new StringDecoder('utf8');
	#partial = '';
	#dropped = 0;
	/** The line being built may hold a control character (its chunk, or an earlier one, had one). */
	#isDirty = false;
	/** A `\r` was seen: the next text starts the line over. */
	#isReturnPending = false;
	/** The decoder holds no part of a UTF-8 sequence (the last chunk ended with an ASCII byte). */
	#isDecoderEmpty = true;

	constructor(private readonly onLines: (text: string, count: number, bytes?: Buffer, framed?: string) => void) {}

	push(chunk: Buffer | string): void {
		const text = typeof chunk === 'string' ? chunk : this.#decode(chunk);
		const isChunkDirty = typeof chunk === 'string' ? hasControlCharacter.test(text) : hasControlByte(chunk);
		this.#isDirty ||= isChunkDirty;
		if (!isChunkDirty) {
			this.#pushClean(text, typeof chunk === 'string' ? undefined : chunk);
			return;
		}

		let start = 0;
		let newline = text.indexOf('\n');
		while (newline !== -1) {
			this.#append(text.slice(start, newline));
			this.#emit();
			this.#isDirty = isChunkDirty;
			start = newline + 1;
			newline = text.indexOf('\n', start);
		}

		this.#append(text.slice(start));
	}

	/**
	A chunk without control characters (so without `\r`): its whole lines after the first go out
	as they are, without the per-line bookkeeping (the common case of a fast writer's chunk).
	*/
	#pushClean(text: string, chunk: Buffer | undefined): void {
		let newline = text.indexOf('\n');
		if (newline === -1) {
			this.#appendPlain(text);
			return;
		}

		this.#appendPlain(text.slice(0, newline));
		this.#emit();
		this.#isDirty = false;
		// The lines between the first and the last newline go out as one slice; the loop only
		// counts them and looks for an endless one (which is cut, and breaks the run).
		const firstRun = newline + 1;
		let runStart = firstRun;
		let start = runStart;
		let count = 0;
		newline = text.indexOf('\n', start);
		while (newline !== -1) {
			if (newline - start <= maxLineLength) {
				count++;
			} else {
				this.#emitRun(text, runStart, start, count);
				this.#appendPlain(text.slice(start, newline));
				this.#emit();
				runStart = newline + 1;
				count = 0;
			}

			start = newline + 1;
			newline = text.indexOf('\n', start);
		}

		// One run from the first newline to the last: its bytes are that piece of the chunk (a
		// newline byte is never inside a UTF-8 sequence), kept by the ring buffers instead of text.
		const bytes = chunk && count > 0 && runStart === firstRun ? chunk.subarray(chunk.indexOf(10) + 1, chunk.lastIndexOf(10)) : undefined;
		this.#emitRun(text, runStart, start, count, bytes);
		this.#appendPlain(text.slice(start));
	}

	/** `count` whole lines of `text` from `start` to `end` (just after the last one's newline). */
	#emitRun(text: string, start: number, end: number, count: number, bytes?: Buffer): void {
		if (count > 0) {
			this.onLines(text.slice(start, end - 1), count, bytes, start > 0 ? text.slice(start - 1, end) : undefined);
		}
	}

	/**
	ASCII bytes are their own characters: read as Latin-1 they are copied, not decoded (a third
	of the cost for a fast writer's chunk), unless the decoder holds the start of a character.
	*/
	#decode(chunk: Buffer): string {
		if (this.#isDecoderEmpty && isAscii(chunk)) {
			return chunk.toString('latin1');
		}

		const last = chunk.at(-1);
		if (last !== undefined) {
			this.#isDecoderEmpty = last < 0x80;
		}

		return this.#decoder.write(chunk);
	}

	/** Emit what is left (a last line without a newline). */
	end(): void {
		const rest = this.#decoder.end();
		this.#isDirty ||= hasControlCharacter.test(rest);
		this.#append(rest);
		if (this.#partial.length > 0 || this.#dropped > 0) {
			this.#emit();
		}
	}

	#append(text: string): void {
		let start = 0;
		let cr = text.indexOf('\r');
		while (cr !== -1) {
			this.#appendPlain(text.slice(start, cr));
			this.#isReturnPending = true;
			start = cr + 1;
			cr = text.indexOf('\r', start);
		}

		this.#appendPlain(text.slice(start));
	}

	#appendPlain(text: string): void {
		if (text.length === 0) {
			return;
		}

		if (this.#isReturnPending) {
			this.#partial = '';
			this.#dropped = 0;
			this.#isReturnPending = false;
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
		let line = this.#isDirty ? this.#partial.replace(controlCharacters, '\uFFFD') : this.#partial;
		if (this.#dropped > 0) {
			line += ` … [${this.#dropped} more characters]`;
		}

		this.#partial = '';
		this.#dropped = 0;
		this.#isReturnPending = false;
		this.onLines(line, 1);
	}
}
