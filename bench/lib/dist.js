import {cpSync, existsSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {onCleanup} from './cleanup.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let distDir = path.join(root, 'dist');

/**
Run on a private copy of dist/ (under bench/.tmp, so packages still resolve from the project's
node_modules): a rebuild during the run cannot swap modules under a running case.
*/
export function snapshotDist() {
	// PILOT_BENCH_SOURCE_DIST: a private build (tsc --outDir) when dist/ is shared with others.
	const source = process.env.PILOT_BENCH_SOURCE_DIST ?? path.join(root, 'dist');
	if (!existsSync(path.join(source, 'index.js')) || !existsSync(path.join(source, 'cli.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
	}

	const copy = path.join(root, 'bench', '.tmp', `dist-${process.pid}`);
	cpSync(source, copy, {recursive: true});
	onCleanup('dist snapshot', () => rmSync(copy, {recursive: true, force: true}));
	distDir = copy;
	process.env.PILOT_BENCH_DIST = copy;
}

export const distPath = (...parts) => path.join(distDir, ...parts);

/** Import a module of the built package, e.g. `importDist('pilot', 'group-stats.js')`. */
export const importDist = (...parts) => import(pathToFileURL(distPath(...parts)).href);
