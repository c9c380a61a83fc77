import type {HealthStatus} from '../model/health.js';
import type {PilotSnapshot} from '../model/pilot-api.js';

export const healthHistoryLength = 5;

export type HealthChange = {readonly time: number; readonly status: HealthStatus};

type Store = {subscribe(listener: () => void): () => void; getSnapshot(): PilotSnapshot};

/**
The last changes of each process's health (pending, healthy, unhealthy and why), newest first,
read from the rows of the store: the health monitor reports changes there, so nothing else needs
wiring. A notification costs one identity check per row.
*/
export class HealthHistory {
	readonly #changes = new Map<string, HealthChange[]>();
	readonly #seen = new Map<string, HealthStatus | null>();

	constructor(store: Store, private readonly now: () => number = Date.now) {
		store.subscribe(() => {
			for (const row of store.getSnapshot().processes) {
				const health = row.health ?? null;
				if (this.#seen.get(row.name) !== health) {
					this.#seen.set(row.name, health);
					if (health) {
						this.#changes.set(row.name, [{time: this.now(), status: health}, ...this.#changes.get(row.name) ?? []].slice(0, healthHistoryLength));
					}
				}
			}
		});
	}

	/** Newest first. */
	of(name: string): readonly HealthChange[] {
		return this.#changes.get(name) ?? [];
	}
}
