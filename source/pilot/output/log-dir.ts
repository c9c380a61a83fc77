import {createHash} from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
The log folder of a detached pilot: `$XDG_STATE_HOME/pilot-tui/<manifest-name>-<hash>/` (XDG's
default `~/.local/state` when unset). The hash of the manifest's absolute path keeps two
`app.yml` in different folders apart.
*/
export function defaultLogDir(manifestPath: string, env: NodeJS.ProcessEnv = process.env): string {
	const absolute = path.resolve(manifestPath);
	const state = env['XDG_STATE_HOME'] && path.isAbsolute(env['XDG_STATE_HOME']) ? env['XDG_STATE_HOME'] : path.join(os.homedir(), '.local', 'state');
	const name = path.basename(absolute).replace(/\.(ya?ml|json)$/i, '').replaceAll(/[^\w.-]+/g, '_');
	const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 8);
	return path.join(state, 'pilot-tui', `${name}-${hash}`);
}
