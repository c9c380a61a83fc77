// Compiles the CLI once for the whole run (tests that start the real program share it), instead
// of one tsc per test file: each private build costs 10-30 s on two cores.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {TestProject} from 'vitest/node';

const root = path.join(import.meta.dirname, '..');

export default function setup(project: TestProject): () => void {
	const outDir = path.join(root, `node_modules/.cache/pilot-test-cli-${process.pid}`);
	// Type errors in files still being written elsewhere do not stop tsc from emitting.
	spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root, '--outDir', outDir], {encoding: 'utf8'});
	// Then bundled as `npm run build` does (with the shell launcher): the tests run what users run.
	const bundled = spawnSync(process.execPath, [path.join(root, 'scripts/bundle-cli.js'), outDir], {encoding: 'utf8', cwd: root});
	if (bundled.status !== 0) {
		throw new Error(`bundling the CLI failed: ${bundled.stderr}`);
	}

	project.provide('cliDir', outDir);
	return () => {
		fs.rmSync(outDir, {recursive: true, force: true});
	};
}

declare module 'vitest' {
	// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- merging into vitest's declaration takes an interface
	export interface ProvidedContext {
		cliDir: string;
	}
}
