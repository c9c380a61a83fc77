/**
Finds where one JSON object or array ends in a growing buffer, so a message split over several
reads is put back together and the reply does not depend on how TCP cut the bytes. Only the
outer brackets are tracked (strings and escapes included); `JSON.parse` judges the rest.
*/
export class JsonFrame {
	#text = '';
	#scanned = 0;
	#depth = 0;
	#inString = false;
	#escaped = false;
	#started = false;

	/** Characters received so far. */
	get length(): number {
		return this.#text.length;
	}

	/** Whether only whitespace arrived so far. */
	get isEmpty(): boolean {
		return this.#text.trim() === '';
	}

	/**
	Add a chunk. Returns the complete message text once its outer brackets close, `'invalid'` when
	the message cannot be a JSON object or array, else `undefined` (wait for more).
	*/
	push(chunk: string): string | undefined {
		this.#text += chunk;
		for (; this.#scanned < this.#text.length; this.#scanned++) {
			const char = this.#text.charAt(this.#scanned);
			if (!this.#started) {
				if (/\s/.test(char)) {
					continue;
				}

				if (char !== '{' && char !== '[') {
					return 'invalid';
				}

				this.#started = true;
			}

			if (this.#inString) {
				if (this.#escaped) {
					this.#escaped = false;
				} else if (char === '\\') {
					this.#escaped = true;
				} else if (char === '"') {
					this.#inString = false;
				}

				continue;
			}

			if (char === '"') {
				this.#inString = true;
			} else if (char === '{' || char === '[') {
				this.#depth++;
			} else if (char === '}' || char === ']') {
				this.#depth--;
				if (this.#depth === 0) {
					return this.#text.slice(0, this.#scanned + 1);
				}
			}
		}

		return undefined;
	}
}
