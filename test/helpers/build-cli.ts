import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {inject} from 'vitest';
import {withShellLauncher} from '../../scripts/shell-launcher.js';

export const root = path.join(import.meta.dirname, '../..');

/**
The compiled CLI's `cli.js`: the one `test/global-setup.ts` built for the whole run, else one
compiled into a folder of its own (so it does not race other builds of dist/). Type errors in
files still being written elsewhere do not stop tsc from emitting.
*/
export function buildCli(tag: string): {cli: string; remove: () => void} {
	const shared = inject('cliDir');
	if (shared) {
		return {cli: path.join(shared, 'cli.js'), remove() {}};
	}

	const outDir = path.join(root, `node_modules/.cache/pilot-${tag}-${process.pid}`);
	spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root, '--outDir', outDir], {encoding: 'utf8'});
	// As in the real build: the shell launcher (scripts/shell-launcher.js) as first lines.
	const cli = path.join(outDir, 'cli.js');
	fs.writeFileSync(cli, withShellLauncher(fs.readFileSync(cli, 'utf8')));
	return {
		cli,
		remove() {
			fs.rmSync(outDir, {recursive: true, force: true});
		},
	};
}

/** The environment without CI markers: Ink draws nothing but the last frame when it thinks it runs in CI. */
export function interactiveEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key !== 'CI' && key !== 'CONTINUOUS_INTEGRATION' && !key.startsWith('CI_')) {
			env[key] = value;
		}
	}

	return env;
}
