export type BatchedWriter = {
	readonly write: (text: string) => void;
	/** Write what is gathered now (before exiting, or when the output must be complete). */
	readonly flush: () => void;
};

/**
Gathers many small writes into one per turn of the event loop (or per `maxChars`). Headless
output to a file is synchronous in Node: a million log lines were a million write() calls, and
the pilot, not the child, set the pace. Text is written in the order it came.
*/
export function createBatchedWriter(write: (text: string) => void, maxChars = 64 * 1024): BatchedWriter {
	let parts: string[] = [];
	let chars = 0;
	let isScheduled = false;
	const flush = () => {
		if (parts.length === 0) {
			return;
		}

		const text = parts.join('');
		parts = [];
		chars = 0;
		write(text);
	};

	return {
		write(text) {
			// A large text goes out as it is: joined with the small ones before it, it would be copied once more.
			if (text.length >= maxChars) {
				flush();
				write(text);
				return;
			}

			parts.push(text);
			chars += text.length;
			if (chars >= maxChars) {
				flush();
			} else if (!isScheduled) {
				isScheduled = true;
				setImmediate(() => {
					isScheduled = false;
					flush();
				});
			}
		},
		flush,
	};
}
