import {knownItem} from '../model/known-entry.js';
/** A fixed-size buffer that keeps the newest `capacity` items. */
export class RingBuffer<T> {
	readonly #items: T[] = [];
	#start = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) {
			throw new TypeError(`Expected \`capacity\` to be a positive integer, got ${capacity}`);
		}
	}

	get size(): number {
		return this.#items.length;
	}

	push(item: T): void {
		if (this.#items.length < this.capacity) {
			this.#items.push(item);
			return;
		}

		this.#items[this.#start] = item;
		// A compare instead of a modulo: this runs twice for every line a child prints.
		this.#start = this.#start + 1 === this.capacity ? 0 : this.#start + 1;
	}

	/** The newest `limit` items, oldest first. */
	last(limit = this.capacity): T[] {
		const count = Math.min(limit, this.#items.length);
		const result: T[] = [];
		for (let index = this.#items.length - count; index < this.#items.length; index++) {
			result.push(knownItem(this.#items, (this.#start + index) % this.#items.length));
		}

		return result;
	}

	clear(): void {
		this.#items.length = 0;
		this.#start = 0;
	}
}
