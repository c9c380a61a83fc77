import {EventEmitter} from 'node:events';
import {colorPreference, withoutColors} from '../terminal/color-mode.js';
import {glyphs, unicodeGlyphs, toAscii} from './glyphs.js';
import {ScreenDiff} from './screen-diff.js';

const privateModes = /^(?:\u001B\[\?[\d;]*[hl])+$/;
// What log-update uses to walk back over the previous frame: erase line, cursor up, column 1.
const relativeMoves = /\u001B\[2K|\u001B\[\d*A|\u001B\[G/g;
// Ink clears the terminal (clearTerminal) when a frame outgrows it: the next frame is drawn whole.
const clears = /\u001B\[[23]J|\u001B\[H/g;

/**
Turn one of Ink's writes into an absolute full-screen draw: start at the top-left corner instead of
walking back over the previous frame, clear the rest of every line, and clear below the frame.
Relative moves go wrong as soon as the terminal's height changes (rows left over or doubled after a
resize); absolute ones cannot. Mode switches (cursor, synchronized output) pass unchanged.
*/
export function toScreen(chunk: string): string {
	if (chunk === '' || privateModes.test(chunk)) {
		return chunk;
	}

	const frame = chunk.replaceAll(relativeMoves, '');
	return `\u001B[H${frame.replaceAll('\n', '\u001B[K\n')}\u001B[K\u001B[J`;
}

/**
The terminal as Ink sees it: same size and events, every frame drawn from the top-left corner and
sent as its difference to the frame before (`ScreenDiff`); a resize draws the next frame whole.
*/
export class ScreenStream extends EventEmitter {
	readonly isTTY = true;
	readonly #target: NodeJS.WriteStream;
	readonly #diff = new ScreenDiff();
	readonly #onResize = () => {
		this.#diff.reset();
		this.emit('resize');
	};
	readonly #isAscii: boolean;
	readonly #isColor: boolean;

	/**
	`isAscii`: the terminal's locale is not UTF-8, so nothing but ASCII may reach it. `isColor`: false
	with `NO_COLOR`, so no colour code reaches it.
	*/
	constructor(target: NodeJS.WriteStream, {isAscii = glyphs !== unicodeGlyphs, isColor = colorPreference() !== false}: {isAscii?: boolean; isColor?: boolean} = {}) {
		super();
		this.#target = target;
		this.#isAscii = isAscii;
		this.#isColor = isColor;
		target.on('resize', this.#onResize);
	}

	get columns(): number {
		return this.#target.columns;
	}

	get rows(): number {
		return this.#target.rows;
	}

	get writable(): boolean {
		return this.#target.writable;
	}

	get destroyed(): boolean {
		return this.#target.destroyed;
	}

	get writableEnded(): boolean {
		return this.#target.writableEnded;
	}

	write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
		const callback = rest.find(argument => typeof argument === 'function') as ((error?: Error | null) => void) | undefined;
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
		const screen = this.#toTerminal(text);
		return callback ? this.#target.write(screen, callback) : this.#target.write(screen);
	}

	#toTerminal(text: string): string {
		if (text === '' || privateModes.test(text)) {
			return text;
		}

		let frame = text.replaceAll(relativeMoves, '');
		if (frame.includes('\u001B[2J')) {
			this.#diff.reset();
			frame = frame.replaceAll(clears, '');
		}

		const plain = this.#isColor ? frame : withoutColors(frame);
		return this.#diff.draw(this.#isAscii ? toAscii(plain) : plain);
	}

	dispose(): void {
		this.#target.off('resize', this.#onResize);
	}
}
