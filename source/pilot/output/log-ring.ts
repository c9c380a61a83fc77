import type {LogBlock, LogLine, LogStream} from '../model/pilot-api.js';
import {knownItem} from '../model/known-entry.js';

// Tails this short are cut from the end of a block's text; longer reads split the whole block once.
const shortTail = 64;

/**
A block of lines as a ring buffer keeps it: the lines' UTF-8 bytes (a piece of the chunk as read,
or the text encoded once), no string and no `LogLine` until someone reads them (the log pane,
search, `ctl logs`, attach). Bytes live outside the JavaScript heap: a fast writer's last thousand
lines held as strings were copied by every young-generation GC, about a fifth of the pilot's CPU.
*/
export class RingBlock {
	readonly firstSeq: number;
	readonly process: string;
	readonly stream: LogStream;
	readonly time: number;
	readonly count: number;
	readonly #bytes: Buffer;
	#lines: LogLine[] | undefined;

	/** `bytes`: the block's text as UTF-8, when the caller has it (else the text is encoded once). */
	constructor({firstSeq, process, stream, time, count, text}: LogBlock, bytes?: Buffer) {
		this.firstSeq = firstSeq;
		this.process = process;
		this.stream = stream;
		this.time = time;
		this.count = count;
		this.#bytes = bytes ?? Buffer.from(text);
	}

	/** Every line, made once and kept (the block is read again while it is on screen); `text`, when at hand, saves decoding the bytes. */
	lines(text?: string): LogLine[] {
		if (this.#lines === undefined) {
			const all = text ?? this.#bytes.toString();
			this.#lines = (this.count === 1 ? [all] : all.split('\n')).map((line, index) => this.#line(index, line));
		}

		return this.#lines;
	}

	/** The last `count` lines. */
	tail(count: number): LogLine[] {
		if (this.#lines !== undefined || count > shortTail || count >= this.count) {
			return this.lines().slice(this.count - count);
		}

		// Only the tail's bytes are decoded: the log pane asks for its last few lines at every frame.
		let from = this.#bytes.length;
		for (let left = count; left > 0; left--) {
			from = this.#bytes.lastIndexOf(10, from - 1);
		}

		const texts = this.#bytes.subarray(from + 1).toString().split('\n');
		return texts.map((text, index) => this.#line(this.count - count + index, text));
	}

	#line(index: number, text: string): LogLine {
		return {seq: this.firstSeq + index, process: this.process, stream: this.stream, text, time: this.time};
	}
}

/** Keeps the newest `capacity` lines, as the blocks they came in (the oldest block may hold more). */
export class LogRing {
	#blocks: RingBlock[] = [];
	/** Index of the oldest block still kept: dropping from the front is a step, not a shift. */
	#head = 0;
	/** Lines in the kept blocks. */
	#lines = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) {
			throw new TypeError(`Expected \`capacity\` to be a positive integer, got ${capacity}`);
		}
	}

	get size(): number {
		return Math.min(this.#lines, this.capacity);
	}

	push(block: RingBlock): void {
		this.#blocks.push(block);
		this.#lines += block.count;
		// Drop the oldest blocks whose lines are all older than the newest `capacity`.
		for (let oldest = this.#blocks[this.#head]; oldest && this.#lines - oldest.count >= this.capacity; oldest = this.#blocks[this.#head]) {
			this.#lines -= oldest.count;
			this.#head++;
		}

		if (this.#head > 64 && this.#head * 2 > this.#blocks.length) {
			this.#blocks = this.#blocks.slice(this.#head);
			this.#head = 0;
		}
	}

	/** The newest `limit` lines, oldest first. */
	last(limit = this.capacity): LogLine[] {
		let wanted = Math.min(limit, this.size);
		const tails: LogLine[][] = [];
		for (let index = this.#blocks.length - 1; index >= this.#head && wanted > 0; index--) {
			const block = knownItem(this.#blocks, index);
			const count = Math.min(wanted, block.count);
			tails.push(block.tail(count));
			wanted -= count;
		}

		return tails.length === 1 ? knownItem(tails, 0) : tails.reverse().flat();
	}

	clear(): void {
		this.#blocks = [];
		this.#head = 0;
		this.#lines = 0;
	}
}
