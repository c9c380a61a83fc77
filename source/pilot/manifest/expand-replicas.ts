/** What `replicas: N` made of one manifest entry: copy `index` of `group`. */
export type ReplicaOf = {readonly group: string; readonly index: number};

export type ExpandedProcesses = {
	/** The manifest data with every replicated entry replaced by its copies. */
	readonly data: unknown;
	/** `data` before `${PILOT_REPLICA}` was filled in: where the manifest wrote `${...}`. */
	readonly written: unknown;
	/** For each entry of the expanded `processes`, the index of the entry it came from (for error positions). */
	readonly origin: readonly number[];
	/** Each copy's group and number, by the copy's name. */
	readonly replicas: ReadonlyMap<string, ReplicaOf>;
	/** The names of each group's copies, in order, by group name. */
	readonly groups: ReadonlyMap<string, readonly string[]>;
};

/** The variable each copy gets in its environment and in `${PILOT_REPLICA}`. */
export const replicaVariable = 'PILOT_REPLICA';

const replicaReference = /\$\$|\$\{PILOT_REPLICA(?::-[^}]*)?\}/g;

/**
Replace every entry with a valid `replicas: N` (a whole number from 1) by N copies named
`name-1` ... `name-N`: `${PILOT_REPLICA}` (`$$` stays a literal `$`) becomes the copy's number in
every string of the entry, and `PILOT_REPLICA` joins its `env`. `overrides` (by group name) set
N instead of the manifest (`ctl scale`). An invalid `replicas` is left for the shape check to report.
*/
export function expandReplicas(data: unknown, overrides: Readonly<Record<string, number>> = {}): ExpandedProcesses {
	const empty = {data, written: data, origin: [], replicas: new Map(), groups: new Map()};
	if (!isRecord(data) || !Array.isArray(data['processes'])) {
		return empty;
	}

	const processes: unknown[] = [];
	const written: unknown[] = [];
	const origin: number[] = [];
	const replicas = new Map<string, ReplicaOf>();
	const groups = new Map<string, string[]>();
	for (const [index, entry] of (data['processes'] as unknown[]).entries()) {
		const count = isRecord(entry) && typeof entry['name'] === 'string' ? replicaCount(entry['name'], entry['replicas'], overrides) : null;
		if (count === null || !isRecord(entry)) {
			// An invalid `replicas` is reported by the shape check; as copy 1, its `${PILOT_REPLICA}`s add no errors of their own.
			processes.push(isRecord(entry) && Object.hasOwn(entry, 'replicas') ? fillReplica(entry, 1) : entry);
			written.push(entry);
			origin.push(index);
			continue;
		}

		const group = entry['name'] as string;
		const template = Object.fromEntries(Object.entries(entry).filter(([key]) => key !== 'replicas'));
		const names: string[] = [];
		for (let copy = 1; copy <= count; copy++) {
			const name = `${group}-${copy}`;
			const filled = fillReplica(template, copy) as Record<string, unknown>;
			const env = isRecord(filled['env']) ? filled['env'] : {};
			processes.push({...filled, name, env: {...env, [replicaVariable]: String(copy)}});
			written.push({...template, name, env: {...(isRecord(template['env']) ? template['env'] : {}), [replicaVariable]: String(copy)}});
			origin.push(index);
			replicas.set(name, {group, index: copy});
			names.push(name);
		}

		groups.set(group, names);
	}

	return {data: {...data, processes}, written: {...data, processes: written}, origin, replicas, groups};
}

function replicaCount(name: string, value: unknown, overrides: Readonly<Record<string, number>>): number | null {
	if (value === undefined) {
		return null;
	}

	const count = Object.hasOwn(overrides, name) ? overrides[name] : value;
	return typeof count === 'number' && Number.isInteger(count) && count >= 1 ? count : null;
}

function fillReplica(value: unknown, copy: number): unknown {
	if (typeof value === 'string') {
		return value.replaceAll(replicaReference, match => (match === '$$' ? match : String(copy)));
	}

	if (Array.isArray(value)) {
		return value.map(item => fillReplica(item, copy));
	}

	if (isRecord(value)) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillReplica(item, copy)]));
	}

	return value;
}

/** Dependencies on a group's name mean every copy of it (the condition applies to each). */
export function expandGroupDependencies(dependencies: readonly string[], conditions: Record<string, string>, groups: ReadonlyMap<string, readonly string[]>): {dependencies: string[]; conditions: Record<string, string>} | null {
	if (!dependencies.some(name => groups.has(name))) {
		return null;
	}

	const expanded: string[] = [];
	const expandedConditions: Record<string, string> = {};
	for (const name of dependencies) {
		const members = groups.get(name) ?? [name];
		expanded.push(...members);
		for (const member of members) {
			const condition = conditions[name];
			if (condition !== undefined) {
				expandedConditions[member] = condition;
			}
		}
	}

	return {dependencies: expanded, conditions: expandedConditions};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
