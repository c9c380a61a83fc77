/**
Runs operations one at a time, in order, and counts the terminating ones (stops, restarts) that
are queued or under way, so an exit arriving meanwhile knows it is theirs to handle.
*/
export class SerialQueue {
	#tail: Promise<void> = Promise.resolve();
	#terminations = 0;

	get hasPendingTermination(): boolean {
		return this.#terminations > 0;
	}

	async run(isTermination: boolean, operation: () => Promise<void>): Promise<void> {
		if (isTermination) {
			this.#terminations++;
		}

		const run = this.#tail.then(operation);
		this.#tail = run.catch(() => undefined);
		try {
			await run;
		} finally {
			if (isTermination) {
				this.#terminations--;
			}
		}
	}
}
