/**
Tells listeners that new log lines arrived, apart from the snapshot: output alone never changes
the snapshot's identity, so the process table does not re-render for it. With `throttleMs`,
listeners hear of a burst of lines at most once per interval.
*/
export class LogSignal {
	readonly #listeners = new Set<() => void>();
	#timer: NodeJS.Timeout | undefined;

	constructor(private readonly throttleMs = 0) {}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	notify(): void {
		if (this.throttleMs === 0) {
			this.#emit();
			return;
		}

		if (this.#timer === undefined) {
			this.#timer = setTimeout(() => {
				this.#timer = undefined;
				this.#emit();
			}, this.throttleMs);
		}
	}

	#emit(): void {
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
