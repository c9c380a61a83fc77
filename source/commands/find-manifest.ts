import fs from 'node:fs';
import path from 'node:path';

export const defaultManifestNames: readonly string[] = ['pilot.yml', 'pilot.yaml', 'pilot.json'];

/**
The manifest to run: the one given, else the first of `pilot.yml`, `pilot.yaml`, `pilot.json` in
`cwd`. Throws an Error for people (what is missing and an example) when there is none.
*/
export function findManifest(given: string | undefined, cwd: string): string {
	if (given !== undefined) {
		const file = path.resolve(cwd, given);
		if (!fs.existsSync(file)) {
			throw new Error(`Manifest not found: ${given}`);
		}

		return file;
	}

	for (const name of defaultManifestNames) {
		const file = path.join(cwd, name);
		if (fs.existsSync(file)) {
			return file;
		}
	}

	throw new Error([
		`No manifest given, and none of ${defaultManifestNames.join(', ')} in ${cwd}.`,
		'Give one, e.g. `pilot-tui demo-manifests/demo.yml`, or create pilot.yml:',
		'  processes:',
		'    - name: web',
		'      path: node',
		'      args: [server.js]',
	].join('\n'));
}
