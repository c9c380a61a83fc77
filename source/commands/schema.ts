import {manifestJsonSchema} from '../pilot/manifest/schema.js';
import type {CliFlags} from './flags.js';

/** `pilot-tui schema`: the manifest's JSON Schema, for editors (yaml-language-server, VS Code). */
export function runSchema(_input: readonly string[], _flags: Partial<CliFlags>): number {
	process.stdout.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
	return 0;
}
