import type {ValidationContext} from './validation-context.js';
import type {Process} from '../model/process-model.js';
import {knownEntry, knownItem} from '../model/known-entry.js';

/** What the graph functions need of a process: its name and the names it waits for. */
export type GraphNode = {readonly name: string; readonly dependencies?: readonly string[] | undefined};

/** Duplicate names and dependencies on names that are not in the manifest. */
export function checkDependencies(context: ValidationContext): void {
	const seen = new Set<string>();
	for (const process of context.processes) {
		if (seen.has(process.name)) {
			context.report(process, ['name'], `Duplicate process name found: '${process.name}'`);
		}

		seen.add(process.name);
	}

	for (const process of context.processes) {
		const listed = new Set<string>();
		for (const [index, dependency] of process.dependencies.entries()) {
			if (listed.has(dependency)) {
				context.report(process, ['dependencies', index], `Dependency '${dependency}' is listed twice for process '${process.name}'`, {severity: 'warning'});
			}

			listed.add(dependency);
			if (!seen.has(dependency) && !context.invalidNames.has(dependency)) {
				context.report(process, ['dependencies', index], `Dependency '${dependency}' for process '${process.name}' not found.`);
			}
		}
	}
}

/**
Level of each process: 0 without dependencies, else one more than its deepest dependency.
Unknown names are ignored. Processes caught in (or behind) a cycle get one level past all others.
Works on manifest processes and on table rows alike.
*/
export function dependencyLevels<T extends GraphNode>(processes: readonly T[]): Map<T, number> {
	const byName = new Map<string, T>();
	for (const process of processes) {
		if (!byName.has(process.name)) {
			byName.set(process.name, process);
		}
	}

	const waiting = new Map<T, number>();
	const dependents = new Map<T, T[]>();
	for (const process of processes) {
		const dependencies = new Set((process.dependencies ?? []).flatMap(name => byName.get(name) ?? []));
		waiting.set(process, dependencies.size);
		for (const dependency of dependencies) {
			const list = dependents.get(dependency) ?? [];
			list.push(process);
			dependents.set(dependency, list);
		}
	}

	const levels = new Map<T, number>();
	const queue = processes.filter(process => waiting.get(process) === 0);
	for (const process of queue) {
		levels.set(process, 0);
	}

	// The queue grows while it is walked: for-of sees the processes pushed on the way.
	for (const process of queue) {
		for (const dependent of dependents.get(process) ?? []) {
			levels.set(dependent, Math.max(levels.get(dependent) ?? 0, knownEntry(levels, process) + 1));
			const left = knownEntry(waiting, dependent) - 1;
			waiting.set(dependent, left);
			if (left === 0) {
				queue.push(dependent);
			}
		}
	}

	const done = new Set(queue);
	const past = queue.reduce((highest, process) => Math.max(highest, knownEntry(levels, process)), -1) + 1;
	for (const process of processes) {
		if (!done.has(process)) {
			levels.set(process, past);
		}
	}

	return levels;
}

/**
Every dependency cycle, one per strongly connected component, each as the list of its processes
starting with the one listed first in the manifest and following dependency edges (`a` depends on `b`).
*/
export function findCycles(processes: readonly Process[]): Process[][] {
	const byName = new Map<string, Process>();
	for (const process of processes) {
		if (!byName.has(process.name)) {
			byName.set(process.name, process);
		}
	}

	const edges = (process: Process): Process[] => process.dependencies.flatMap(name => byName.get(name) ?? []);
	const order = new Map(processes.map((process, index) => [process, index]));
	const cycles: Process[][] = [];
	for (const component of stronglyConnected(processes, edges)) {
		const members = new Set(component);
		const first = knownItem([...component].sort((a, b) => knownEntry(order, a) - knownEntry(order, b)), 0);
		if (component.length === 1 && !edges(first).includes(first)) {
			continue;
		}

		cycles.push(cycleFrom(first, members, edges, order));
	}

	return cycles.sort((a, b) => knownEntry(order, knownItem(a, 0)) - knownEntry(order, knownItem(b, 0)));
}

/** A shortest path from `start` back to itself inside the component (breadth first, manifest order on ties). */
function cycleFrom(start: Process, members: Set<Process>, edges: (process: Process) => Process[], order: Map<Process, number>): Process[] {
	const parent = new Map<Process, Process>();
	const queue = [start];
	for (const current of queue) {
		const next = edges(current).filter(process => members.has(process)).sort((a, b) => knownEntry(order, a) - knownEntry(order, b));
		for (const process of next) {
			if (process === start) {
				const path = [current];
				for (let step = current; step !== start; path.unshift(step)) {
					step = knownEntry(parent, step);
				}

				return [...path, start];
			}

			if (!parent.has(process)) {
				parent.set(process, current);
				queue.push(process);
			}
		}
	}

	return [start, start];
}

/** Tarjan's algorithm, iterative so a long chain cannot overflow the stack. */
function stronglyConnected(nodes: readonly Process[], edges: (process: Process) => Process[]): Process[][] {
	const index = new Map<Process, number>();
	const low = new Map<Process, number>();
	const onStack = new Set<Process>();
	const stack: Process[] = [];
	const components: Process[][] = [];
	let counter = 0;
	for (const root of nodes) {
		if (index.has(root)) {
			continue;
		}

		const work: Array<{node: Process; next: number}> = [{node: root, next: 0}];
		index.set(root, counter);
		low.set(root, counter++);
		stack.push(root);
		onStack.add(root);
		while (work.length > 0) {
			const frame = knownItem(work, -1);
			const children = edges(frame.node);
			if (frame.next < children.length) {
				const child = knownItem(children, frame.next++);
				if (!index.has(child)) {
					index.set(child, counter);
					low.set(child, counter++);
					stack.push(child);
					onStack.add(child);
					work.push({node: child, next: 0});
				} else if (onStack.has(child)) {
					low.set(frame.node, Math.min(knownEntry(low, frame.node), knownEntry(index, child)));
				}

				continue;
			}

			work.pop();
			const parent = work.at(-1);
			if (parent) {
				low.set(parent.node, Math.min(knownEntry(low, parent.node), knownEntry(low, frame.node)));
			}

			if (low.get(frame.node) === index.get(frame.node)) {
				const component: Process[] = [];
				let member: Process | undefined;
				do {
					member = stack.pop();
					if (member === undefined) {
						throw new Error('Internal error: the node of a component is not on the stack');
					}

					onStack.delete(member);
					component.push(member);
				} while (member !== frame.node);
				components.push(component);
			}
		}
	}

	return components;
}
