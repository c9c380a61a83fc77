import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {findImportCycles, readImportGraph, type ImportEdge} from './helpers/import-graph.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const {files, edges} = readImportGraph(root);
const local = edges.filter(edge => edge.to.startsWith('source/'));

/**
The layers of STYLE.md, lowest first: `cli → commands → components/hooks → remote → pilot`, and
inside the engine `pilot.ts → plugins, engine → manifest, output, os → model`. A file may import
its own layer and the layers below, never one above.
*/
const layers: ReadonlyArray<readonly [RegExp, number, string]> = [
	[/^source\/pilot\/model\//, 0, 'pilot/model'],
	[/^source\/pilot\/(manifest|output|os)\//, 1, 'pilot/manifest, output, os'],
	[/^source\/pilot\/(engine|plugins)\//, 2, 'pilot/engine, plugins'],
	[/^source\/pilot\/[^/]+$/, 3, 'pilot/ top level'],
	[/^source\/(remote|terminal)\/|^source\/index\.ts$/, 4, 'remote, terminal, index.ts'],
	[/^source\/(components|hooks)\//, 5, 'components, hooks'],
	[/^source\/commands\//, 6, 'commands'],
	[/^source\/cli\.tsx$/, 7, 'cli.tsx'],
];

function layerOf(file: string): readonly [number, string] {
	const layer = layers.find(([pattern]) => pattern.test(file));
	if (!layer) {
		throw new Error(`${file} is in no layer: add its folder to the table in test/architecture.test.ts`);
	}

	return [layer[1], layer[2]];
}

const describeEdge = (edge: ImportEdge) => `${edge.from} imports ${edge.specifier}`;
const uiPackages = /^(react|ink|chalk)(\/|$)|^ink-|^@inkjs\//;

describe('the architecture of source/', () => {
	it('finds the imports it checks', () => {
		expect(files.length).toBeGreaterThan(50);
		expect(local.length).toBeGreaterThan(100);
	});

	it('keeps React, Ink and chalk out of the engine (source/pilot)', () => {
		const offending = edges.filter(edge => edge.from.startsWith('source/pilot/') && uiPackages.test(edge.to));
		expect(offending.map(edge => describeEdge(edge))).toEqual([]);
	});

	it('never imports the UI or the CLI from the engine (components, hooks, commands, remote, terminal)', () => {
		const offending = local.filter(edge => edge.from.startsWith('source/pilot/') && /^source\/(components|hooks|commands|remote|terminal)\/|^source\/cli\.tsx$/.test(edge.to));
		expect(offending.map(edge => describeEdge(edge))).toEqual([]);
	});

	it('imports only downwards: cli → commands → components/hooks → remote → pilot, and inside pilot too', () => {
		const offending = local.filter(edge => layerOf(edge.to)[0] > layerOf(edge.from)[0]);
		expect(offending.map(edge => `${describeEdge(edge)} (${layerOf(edge.from)[1]} → ${layerOf(edge.to)[1]})`)).toEqual([]);
	});

	it('has no import cycle (type-only imports included)', () => {
		expect(findImportCycles(files, local)).toEqual([]);
	});

	it('runs headless without loading React or Ink', () => {
		const next = new Map<string, ImportEdge[]>();
		for (const edge of edges) {
			next.set(edge.from, [...(next.get(edge.from) ?? []), edge]);
		}

		// Static imports only would be stricter; dynamic ones are followed too, as they load the same code.
		const seen = new Set<string>();
		const reached: string[] = [];
		const visit = (file: string, trail: string[]) => {
			for (const edge of next.get(file) ?? []) {
				if (uiPackages.test(edge.to) && !edge.to.startsWith('chalk')) {
					reached.push([...trail, file, edge.to].join(' -> '));
				} else if (edge.to.startsWith('source/') && !seen.has(edge.to)) {
					seen.add(edge.to);
					visit(edge.to, [...trail, file]);
				}
			}
		};

		for (const entry of ['source/commands/headless.ts', 'source/commands/check.ts', 'source/index.ts']) {
			visit(entry, []);
		}

		expect(seen.size).toBeGreaterThan(20);
		expect(reached).toEqual([]);
	});

	it('reads PILOT_* environment variables in the CLI only; everything else gets options', () => {
		// `env['PILOT_X']`, `env.PILOT_X`, `const {PILOT_X} = process.env`; names in strings, comments and child environments written are fine.
		const envRead = /\w\s*\[\s*['"`]PILOT_\w*['"`]\s*\]|\.PILOT_[A-Z_]+\b|\{[^}]*\bPILOT_\w+[^}]*\}\s*=\s*process\.env/;
		const allowed = new Set(['source/cli.tsx', 'source/commands/control-options-from-env.ts']);
		const offending = files.filter(file => {
			const text = fs.readFileSync(path.join(root, file), 'utf8').replaceAll(/\/\*[\s\S]*?\*\//g, '').replaceAll(/^\s*\/\/.*$/gm, '');
			return envRead.test(text);
		});
		expect(offending.filter(file => !allowed.has(file))).toEqual([]);
		// The check finds what it looks for.
		expect(offending).toContain('source/commands/control-options-from-env.ts');
	});
});
