import {nodeLogFs, rotateFiles, type LogFs} from './log-rotation.js';
import {knownItem} from '../model/known-entry.js';

/** Something the owner should tell the user about, once per episode. */
export type LogFileTrouble =
	| {readonly kind: 'failing'; readonly file: string; readonly error: Error}
	| {readonly kind: 'dropping'; readonly file: string}
	| {readonly kind: 'recovered'; readonly file: string; readonly dropped: number};

export type LogFileWriterOptions = {
	readonly maxBytes: number;
	readonly backups: number;
	/** Characters waiting in memory before new lines are dropped (counted); default 16 Mi. */
	readonly maxQueuedChars?: number;
	/** Milliseconds between attempts after a failed write (a full disk); default 1000. */
	readonly retryMs?: number;
	readonly logFs?: LogFs;
	readonly onTrouble?: (trouble: LogFileTrouble) => void;
};

/** Most bytes in one write: large enough to cost few syscalls, small enough to rotate near the limit. */
const maxBatchBytes = 1024 * 1024;
/** While lines keep coming, wait up to this long for this many characters before the next write. */
const gatherMs = 5;
const gatherChars = 256 * 1024;

/**
One log file, appended to off the event loop. `push` only queues (the capture path stays cheap
and a child is never held up by the disk); a single drain loop writes the queue in large chunks,
rotates before a chunk would pass `maxBytes`, and keeps a chunk that failed (ENOSPC, EIO) to
write it again, from the first unwritten byte, when the disk takes it: no line is lost or
written twice. Past `maxQueuedChars` new lines are dropped and counted.
*/
export class LogFileWriter {
	#fd: number | undefined;
	#size = 0;
	#pending: string[] = [];
	#head = 0;
	#pendingChars = 0;
	#carry: Buffer | undefined;
	#dropped = 0;
	#isInTrouble = false;
	#isFailing = false;
	#isClosed = false;
	#draining: Promise<void> | undefined;
	#retryTimer: NodeJS.Timeout | undefined;
	readonly #fs: LogFs;
	readonly #maxQueuedChars: number;
	readonly #retryMs: number;

	private constructor(readonly file: string, private readonly options: LogFileWriterOptions) {
		this.#fs = options.logFs ?? nodeLogFs;
		this.#maxQueuedChars = options.maxQueuedChars ?? 16 * 1024 * 1024;
		this.#retryMs = options.retryMs ?? 1000;
	}

	/** Opens (creates) the file for appending; throws the system error when it cannot. */
	static async open(file: string, options: LogFileWriterOptions): Promise<LogFileWriter> {
		const writer = new LogFileWriter(file, options);
		await writer.#openFile('a');
		return writer;
	}

	/** Lines dropped so far in the current episode of trouble. */
	get dropped(): number {
		return this.#dropped;
	}

	/** Queue one formatted line (with its newline), or a block of `lines` such lines. */
	push(line: string, lines = 1): void {
		if (this.#pendingChars + line.length > this.#maxQueuedChars || this.#isClosed) {
			this.#dropped += lines;
			if (!this.#isInTrouble && !this.#isClosed) {
				this.#trouble({kind: 'dropping', file: this.file});
			}

			return;
		}

		this.#pending.push(line);
		this.#pendingChars += line.length;
		if (!this.#draining && !this.#isFailing) {
			this.#startDrain();
		}
	}

	/** Resolves once everything queued is written, or the disk is failing. */
	async flush(): Promise<void> {
		while (this.#draining) {
			await this.#draining;
		}
	}

	/** Write what is queued (giving up after `timeoutMs` on a failing disk), then close. */
	async close(timeoutMs = 2000): Promise<void> {
		clearTimeout(this.#retryTimer);
		this.#isFailing = false;
		this.#startDrain();
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([this.flush(), new Promise(resolve => {
			timer = setTimeout(resolve, timeoutMs);
		})]);
		clearTimeout(timer);
		this.#isClosed = true;
		clearTimeout(this.#retryTimer);
		const fd = this.#fd;
		this.#fd = undefined;
		if (fd !== undefined) {
			await this.#fs.close(fd).catch(() => undefined);
		}
	}

	async #openFile(flags: string): Promise<void> {
		this.#fd = await this.#fs.open(this.file, flags);
		this.#size = flags === 'w' ? 0 : await this.#fs.size(this.file);
	}

	#startDrain(): void {
		if (this.#draining) {
			return;
		}

		const draining = this.#drain();
		this.#draining = draining;
		void draining.finally(() => {
			if (this.#draining === draining) {
				this.#draining = undefined;
			}
		});
	}

	async #drain(): Promise<void> {
		// Let the rest of the current read queue up first: one write for the whole chunk.
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		try {
			while (!this.#isFailing && (this.#carry || this.#head < this.#pending.length)) {
				await this.#step();
				if (!this.#carry && this.#pendingChars > 0 && this.#pendingChars < gatherChars && !this.#isClosed) {
					// A fast writer: gather a larger chunk before the next write (few syscalls, little latency).
					await new Promise(resolve => {
						setTimeout(resolve, gatherMs);
					});
				}
			}
		} catch (error) {
			this.#fail(error as Error);
		}
	}

	/** One write, or one rotation. */
	async #step(): Promise<void> {
		if (this.#fd === undefined) {
			await this.#openFile('a');
		}

		if (!this.#carry) {
			const next = knownItem(this.#pending, this.#head);
			const room = this.options.maxBytes - this.#size;
			if (this.#size > 0 && Buffer.byteLength(next) > room) {
				if (!this.#splitBlock()) {
					await this.#rotate();
				}

				return;
			}

			this.#carry = this.#takeBatch(Math.min(Math.max(room, 1), maxBatchBytes));
		}

		const carry = this.#carry;
		if (this.#fd === undefined) {
			throw new Error(`Internal error: ${this.file} is written while closed`);
		}

		const written = await this.#fs.write(this.#fd, carry, 0, carry.length);
		this.#size += written;
		this.#carry = written < carry.length ? carry.subarray(written) : undefined;
		if (this.#isInTrouble && this.#pendingChars < this.#maxQueuedChars / 2) {
			this.#isInTrouble = false;
			this.#trouble({kind: 'recovered', file: this.file, dropped: this.#dropped});
			this.#dropped = 0;
		}
	}

	/** Whole lines, at least one, up to about `limit` bytes (characters counted: exact for ASCII). */
	#takeBatch(limit: number): Buffer {
		const start = this.#head;
		let chars = knownItem(this.#pending, start).length;
		let end = start + 1;
		while (end < this.#pending.length && chars + knownItem(this.#pending, end).length <= limit) {
			chars += knownItem(this.#pending, end).length;
			end++;
		}

		const text = end - start === 1 ? knownItem(this.#pending, start) : this.#pending.slice(start, end).join('');
		this.#pendingChars -= chars;
		if (end === this.#pending.length) {
			this.#pending = [];
			this.#head = 0;
		} else {
			this.#head = end;
			if (this.#head > 65_536) {
				this.#pending = this.#pending.slice(this.#head);
				this.#head = 0;
			}
		}

		return Buffer.from(text);
	}

	/** The next entry is a block of several lines: make them separate entries, so the file fills up to its limit line by line. */
	#splitBlock(): boolean {
		const block = this.#pending[this.#head];
		if (block === undefined || block.indexOf('\n') === block.length - 1) {
			return false;
		}

		const lines = block.slice(0, -1).split('\n').map(line => `${line}\n`);
		this.#pending = this.#pending.slice(0, this.#head).concat(lines, this.#pending.slice(this.#head + 1));
		return true;
	}

	async #rotate(): Promise<void> {
		const fd = this.#fd;
		this.#fd = undefined;
		if (fd !== undefined) {
			await this.#fs.close(fd);
		}

		await rotateFiles(this.file, this.options.backups, this.#fs);
		await this.#openFile(this.options.backups === 0 ? 'w' : 'a');
	}

	#fail(error: Error): void {
		this.#isFailing = true;
		if (!this.#isInTrouble) {
			this.#trouble({kind: 'failing', file: this.file, error});
		}

		if (this.#isClosed) {
			return;
		}

		this.#retryTimer = setTimeout(() => {
			this.#isFailing = false;
			this.#startDrain();
		}, this.#retryMs);
		this.#retryTimer.unref();
	}

	#trouble(trouble: LogFileTrouble): void {
		if (trouble.kind !== 'recovered') {
			this.#isInTrouble = true;
		}

		this.options.onTrouble?.(trouble);
	}
}
