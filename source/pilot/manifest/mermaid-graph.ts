import type {GraphNode} from './dependency-graph.js';
import {knownEntry} from '../model/known-entry.js';

/**
A label Mermaid shows as written: always quoted, and the few characters that would end the quote,
start an entity or turn into HTML written as Mermaid entity codes (`#quot;`). Spaces and unicode stay.
*/
export function mermaidLabel(text: string): string {
	const escaped = text.replaceAll(/["#&<>`]/g, char => `#${char.charCodeAt(0)};`);
	return `"${escaped}"`;
}

/**
The dependency graph as a Mermaid flowchart (`graph TD`): one node per process with a safe id
(`p0`, `p1`, ... in the order given) and its name as the label, and an edge from each dependency
to the process that waits for it, so the diagram reads top-down in start order.
*/
export function toMermaid(nodes: readonly GraphNode[]): string {
	const ids = new Map(nodes.map((node, index) => [node.name, `p${index}`]));
	const lines = ['graph TD'];
	for (const node of nodes) {
		lines.push(`    ${knownEntry(ids, node.name)}[${mermaidLabel(node.name)}]`);
	}

	for (const node of nodes) {
		for (const dependency of new Set(node.dependencies ?? [])) {
			const from = ids.get(dependency);
			if (from) {
				lines.push(`    ${from} --> ${knownEntry(ids, node.name)}`);
			}
		}
	}

	return lines.join('\n');
}
