import {dependencyLevels, type GraphNode} from './dependency-graph.js';
import {knownEntry} from '../model/known-entry.js';

/** The pieces a tree is drawn with: a branch, the last branch, and what continues under each. */
export type TreeBranches = {readonly tee: string; readonly last: string; readonly pipe: string; readonly blank: string};

export const unicodeBranches: TreeBranches = {tee: '├── ', last: '└── ', pipe: '│   ', blank: '    '};

/** For terminals (and files) that are not UTF-8. */
export const asciiBranches: TreeBranches = {tee: '|-- ', last: '`-- ', pipe: '|   ', blank: '    '};

/** One line of the tree that shows what waits for what. */
export type TreeLine = {
	/** Lead-in drawn with `TreeBranches`, e.g. `│   └── `; empty for a process that waits for nothing. */
	readonly prefix: string;
	readonly name: string;
	/** 0 for a process without dependencies; the tree's depth equals it. */
	readonly level: number;
	/** Dependencies other than the one this line hangs under (drawn elsewhere in the tree). */
	readonly alsoWaitsFor: readonly string[];
};

/**
The dependency graph as a tree in start order: processes that wait for nothing are the roots, and
each other process hangs under the dependency that decides its level (its deepest one, the first
listed on ties), so the depth of a line is the process's start level and every process appears
once. Its other dependencies are listed in `alsoWaitsFor`. Siblings keep the order of `nodes`.
*/
export function dependencyTree(nodes: readonly GraphNode[], branches: TreeBranches = unicodeBranches): TreeLine[] {
	const levels = dependencyLevels(nodes);
	const byName = new Map(nodes.map(node => [node.name, node]));
	const parents = new Map<GraphNode, GraphNode | undefined>();
	const children = new Map<GraphNode | undefined, GraphNode[]>();
	for (const node of nodes) {
		let parent: GraphNode | undefined;
		for (const name of node.dependencies ?? []) {
			const candidate = byName.get(name);
			// Strictly lower levels only: inside a cycle nothing is a parent, so the walk always ends.
			if (candidate && knownEntry(levels, candidate) < knownEntry(levels, node) && (!parent || knownEntry(levels, candidate) > knownEntry(levels, parent))) {
				parent = candidate;
			}
		}

		parents.set(node, parent);
		children.set(parent, [...children.get(parent) ?? [], node]);
	}

	const lines: TreeLine[] = [];
	const walk = (node: GraphNode, indent: string, branch: string, isRoot: boolean) => {
		const parent = parents.get(node);
		const alsoWaitsFor = [...new Set(node.dependencies ?? [])].filter(name => name !== parent?.name);
		lines.push({prefix: isRoot ? '' : indent + branch, name: node.name, level: knownEntry(levels, node), alsoWaitsFor});
		const below = children.get(node) ?? [];
		const childIndent = isRoot ? '' : indent + (branch === branches.last ? branches.blank : branches.pipe);
		for (const [index, child] of below.entries()) {
			walk(child, childIndent, index === below.length - 1 ? branches.last : branches.tee, false);
		}
	};

	for (const root of children.get(undefined) ?? []) {
		walk(root, '', '', true);
	}

	return lines;
}

/** One tree line as plain text: `│   └── web  (also waits for cache)`. */
export function formatTreeLine(line: TreeLine): string {
	return `${line.prefix}${line.name}${line.alsoWaitsFor.length > 0 ? `  (also waits for ${line.alsoWaitsFor.join(', ')})` : ''}`;
}

/** The tree as text, one process a line (`pilot-tui check --graph`). */
export function formatDependencyTree(nodes: readonly GraphNode[], branches: TreeBranches = unicodeBranches): string {
	return dependencyTree(nodes, branches).map(line => formatTreeLine(line)).join('\n');
}
