// Compiles the CLI once for the whole run (tests that start the real program share it), instead
// of one tsc per test file: each private build costs 10-30 s on two cores.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {TestProject} from 'vitest/node';
import {withShellLauncher} from '../scripts/shell-launcher.js';

const root = path.join(import.meta.dirname, '..');

export default function setup(project: TestProject): () => void {
	const outDir = path.join(root, `node_modules/.cache/pilot-test-cli-${process.pid}`);
	// Type errors in files still being written elsewhere do not stop tsc from emitting.
	spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root, '--outDir', outDir], {encoding: 'utf8'});
	const cli = path.join(outDir, 'cli.js');
	fs.writeFileSync(cli, withShellLauncher(fs.readFileSync(cli, 'utf8')));
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
