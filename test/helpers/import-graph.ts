import fs from 'node:fs';
import path from 'node:path';

export type ImportEdge = {readonly from: string; readonly to: string; readonly specifier: string};

const importPattern = /(?:^|[\s;}])(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(directory: string): string[] {
	return fs.readdirSync(directory, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) {
			return sourceFiles(full);
		}

		return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
	});
}

/** Drop comments, so that an example in a doc comment is not taken for an import. */
function withoutComments(text: string): string {
	return text.replaceAll(/\/\*[\s\S]*?\*\//g, '').replaceAll(/^\s*\/\/.*$/gm, '');
}

/** A relative specifier (`./x.js`) as the repository path of the file it names (`source/…/x.ts`). */
function resolveRelative(root: string, from: string, specifier: string): string {
	const target = path.resolve(path.dirname(path.join(root, from)), specifier);
	const base = target.replace(/\.jsx?$/, '');
	const candidate = [`${base}.ts`, `${base}.tsx`, path.join(target, 'index.ts')].find(file => fs.existsSync(file)) ?? target;
	return path.relative(root, candidate).split(path.sep).join('/');
}

/** Every import (static, re-export, dynamic; type-only ones too) of every file under `source/`. */
export function readImportGraph(root: string): {files: string[]; edges: ImportEdge[]} {
	const files = sourceFiles(path.join(root, 'source')).map(file => path.relative(root, file).split(path.sep).join('/'));
	const edges: ImportEdge[] = [];
	for (const from of files) {
		const text = withoutComments(fs.readFileSync(path.join(root, from), 'utf8'));
		for (const match of text.matchAll(importPattern)) {
			const specifier = match[1] ?? match[2]!;
			const to = specifier.startsWith('.') ? resolveRelative(root, from, specifier) : specifier;
			edges.push({from, to, specifier});
		}
	}

	return {files, edges};
}

/** Every cycle of the graph of local files, each once, as a path `a -> b -> a`. */
export function findImportCycles(files: readonly string[], edges: readonly ImportEdge[]): string[] {
	const next = new Map<string, string[]>(files.map(file => [file, []]));
	for (const edge of edges) {
		next.get(edge.from)?.push(edge.to);
	}

	const cycles = new Set<string>();
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (file: string) => {
		state.set(file, 'open');
		stack.push(file);
		for (const to of next.get(file) ?? []) {
			if (state.get(to) === 'open') {
				cycles.add([...stack.slice(stack.indexOf(to)), to].join(' -> '));
			} else if (!state.has(to) && next.has(to)) {
				visit(to);
			}
		}

		stack.pop();
		state.set(file, 'done');
	};

	for (const file of files) {
		if (!state.has(file)) {
			visit(file);
		}
	}

	return [...cycles];
}
