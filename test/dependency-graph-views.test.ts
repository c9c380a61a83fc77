import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {expandGraphFlag} from '../source/commands/check-graph.js';
import {asciiBranches, dependencyTree, formatDependencyTree} from '../source/pilot/manifest/dependency-tree.js';
import {maskSecret, maskSecrets} from '../source/pilot/manifest/mask-secrets.js';
import {mermaidLabel, toMermaid} from '../source/pilot/manifest/mermaid-graph.js';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';

const root = path.join(import.meta.dirname, '..');
const demo = path.join(root, 'demo-manifests/demo.yml');

const node = (name: string, ...dependencies: string[]) => ({name, dependencies});

/** Parse a `graph TD` block line by line: ids with their labels, and edges; throws on any other line. */
function parseMermaid(text: string): {labels: Map<string, string>; edges: Array<[string, string]>} {
	const [first, ...rest] = text.trimEnd().split('\n');
	expect(first).toBe('graph TD');
	const labels = new Map<string, string>();
	const edges: Array<[string, string]> = [];
	for (const line of rest) {
		const nodeLine = /^ {4}([A-Za-z]\w*)\["([^"]*)"\]$/.exec(line);
		const edgeLine = /^ {4}([A-Za-z]\w*) --> ([A-Za-z]\w*)$/.exec(line);
		if (nodeLine) {
			expect(labels.has(nodeLine[1]!)).toBe(false);
			labels.set(nodeLine[1]!, nodeLine[2]!.replaceAll(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))));
		} else if (edgeLine) {
			expect(labels.has(edgeLine[1]!) && labels.has(edgeLine[2]!)).toBe(true);
			edges.push([labels.get(edgeLine[1]!)!, labels.get(edgeLine[2]!)!]);
		} else {
			throw new Error(`Not a Mermaid node or edge line: ${JSON.stringify(line)}`);
		}
	}

	return {labels, edges};
}

describe('the dependency tree', () => {
	it('hangs each process under its deepest dependency (the first listed on ties), so the depth is its start level', () => {
		const nodes = [node('db'), node('cruncher'), node('api', 'db'), node('worker', 'db'), node('flaky-job', 'api'), node('reporter', 'worker', 'api')];
		expect(formatDependencyTree(nodes)).toBe([
			'db',
			'├── api',
			'│   └── flaky-job',
			'└── worker',
			'    └── reporter  (also waits for api)',
			'cruncher',
		].join('\n'));
		expect(dependencyTree(nodes).map(line => line.level)).toEqual([0, 1, 2, 1, 2, 0]);
	});

	it('lists every process once, even in a cycle (nothing in a cycle is a parent)', () => {
		const lines = dependencyTree([node('a', 'b'), node('b', 'a'), node('c', 'a')]);
		expect(lines.map(line => line.name).sort()).toEqual(['a', 'b', 'c']);
		expect(lines.find(line => line.name === 'a')!.alsoWaitsFor).toEqual(['b']);
	});

	it('draws with ASCII for terminals that are not UTF-8', () => {
		expect(formatDependencyTree([node('a'), node('b', 'a'), node('c', 'b'), node('d', 'a')], asciiBranches)).toBe('a\n|-- b\n|   `-- c\n`-- d');
	});
});

describe('the Mermaid graph', () => {
	it('quotes every name as a label behind a safe id, spaces and unicode included', () => {
		const text = toMermaid([node('my db'), node('café ☕ "x" <y> #1', 'my db')]);
		const {labels, edges} = parseMermaid(text);
		expect([...labels.values()]).toEqual(['my db', 'café ☕ "x" <y> #1']);
		expect(edges).toEqual([['my db', 'café ☕ "x" <y> #1']]);
		expect(mermaidLabel('a"b')).toBe('"a#34;b"');
	});

	it('is what check --graph=mermaid prints for the demo: every process, one edge per dependency', () => {
		const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.tsx'), 'check', '--graph=mermaid', demo], {encoding: 'utf8', cwd: root});
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		const {labels, edges} = parseMermaid(run.stdout);
		const manifest = ProcessManifest.fromFile(demo);
		expect([...labels.values()].sort()).toEqual(manifest.processes.map(process => process.name).sort());
		const expected = manifest.processes.flatMap(process => process.dependencies.map(dependency => [dependency, process.name]));
		expect(edges.sort()).toEqual(expected.sort());
	});

	it('check --graph prints the tree, and a format it does not know is a one-line error', () => {
		const check = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.tsx'), 'check', ...args], {encoding: 'utf8', cwd: root});
		const text = check('--graph', demo);
		expect(text.status).toBe(0);
		expect(text.stdout).toContain('6 processes in 3 levels');
		expect(text.stdout).toMatch(/^db\n(├── |\|-- )api\n/m);
		const bad = check(demo, '--graph=dot');
		expect(bad.status).toBe(2);
		expect(bad.stdout).toBe('');
		expect(bad.stderr).toBe('pilot-tui: --graph takes text or mermaid, got "dot"\n');
		expect(expandGraphFlag(['check', '--graph', 'x.yml'])).toEqual(['check', '--graph=text', 'x.yml']);
		expect(expandGraphFlag(['ctl', '--graph'])).toEqual(['ctl', '--graph']);
	});
});

describe('masking secrets', () => {
	it('masks values whose names hold TOKEN, SECRET, PASSWORD or KEY, in any case', () => {
		expect(maskSecrets({API_TOKEN: 'a', client_secret: 'b', DB_PASSWORD: 'c', SSH_KEY_FILE: 'd', PORT: '80', EMPTY_TOKEN: ''}))
			.toEqual({API_TOKEN: '********', client_secret: '********', DB_PASSWORD: '********', SSH_KEY_FILE: '********', PORT: '80', EMPTY_TOKEN: ''});
		expect(maskSecret('HOME', '/root')).toBe('/root');
	});
});
