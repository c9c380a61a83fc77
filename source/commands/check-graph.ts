import {asciiBranches, formatDependencyTree, unicodeBranches} from '../pilot/manifest/dependency-tree.js';
import {toMermaid} from '../pilot/manifest/mermaid-graph.js';
import type {ProcessManifest} from '../pilot/manifest/process-manifest.js';
import {isUnicodeLocale} from '../terminal/locale.js';

export type GraphFormat = 'text' | 'mermaid';

const formats: readonly GraphFormat[] = ['text', 'mermaid'];

/**
`check --graph` takes an optional value: a bare `--graph` on the `check` command line becomes
`--graph=text` before the parser reads it (a string flag must otherwise have a value).
*/
export function expandGraphFlag(argv: readonly string[]): string[] {
	return argv[0] === 'check' ? argv.map(argument => argument === '--graph' ? '--graph=text' : argument) : [...argv];
}

/** The format asked for, or a one-line error for a format we do not know. */
export function parseGraphFormat(value: string): GraphFormat | Error {
	return (formats as readonly string[]).includes(value) ? value as GraphFormat : new Error(`--graph takes text or mermaid, got "${value}"`);
}

/** `check --graph`: the dependency tree (start order, what waits for what), or a Mermaid `graph TD` for docs. */
export function formatGraph(manifest: ProcessManifest, format: GraphFormat): string {
	if (format === 'mermaid') {
		return `${toMermaid(manifest.processes)}\n`;
	}

	const levels = manifest.levels().length;
	const count = manifest.processes.length;
	const heading = `${count} process${count === 1 ? '' : 'es'} in ${levels} level${levels === 1 ? '' : 's'}; each starts once what it hangs under (and what it also waits for) is ready`;
	return `${heading}\n\n${formatDependencyTree(manifest.processes, isUnicodeLocale() ? unicodeBranches : asciiBranches)}\n`;
}
