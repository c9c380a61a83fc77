/**
Runs operations one at a time, in order, and counts the terminating ones (stops, restarts) that
are queued or under way, so an exit arriving meanwhile knows it is theirs to handle.
*/
export class SerialQueue {
	#tail: Promise<void> = Promise.resolve();
	#terminations = 0;
	/** Operations queued or under way. */
	#unsettled = 0;

	get hasPendingTermination(): boolean {
		return this.#terminations > 0;
	}

	async run(isTermination: boolean, operation: () => Promise<void>): Promise<void> {
		if (isTermination) {
			this.#terminations++;
		}

		this.#unsettled++;
		const run = this.#tail.then(operation);
		this.#tail = run.catch(() => undefined);
		try {
			await run;
		} finally {
			this.#unsettled--;
			if (isTermination) {
				this.#terminations--;
			}
		}
	}

	/**
	Like `run` (not a termination), but when nothing is queued or under way the operation starts
	in the caller's turn instead of a microtask later: a restart then spawns before the caller
	goes on with the rest of the exit's work. What is queued meanwhile still waits for it.
	*/
	async startOrQueue(operation: () => Promise<void>): Promise<void> {
		if (this.#unsettled > 0) {
			return this.run(false, operation);
		}

		this.#unsettled++;
		let release = (): void => undefined;
		this.#tail = new Promise(resolve => {
			release = resolve;
		});
		try {
			await operation();
		} finally {
			release();
			this.#unsettled--;
		}
	}
}
