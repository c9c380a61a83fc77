import path from 'node:path';
import {defaultSocketPath, isSocketAlive} from '../pilot/plugins/control/control-socket.js';

export type ControlFlags = {
	/** `--socket`, else `PILOT_SOCKET` (read by the CLI). */
	readonly socket?: string;
	/** `--no-control` gives false. */
	readonly control?: string | false;
};

/**
The control socket a pilot started from the CLI serves, or null with `--no-control`. The socket
given, else the manifest's default one in the runtime folder; when another pilot of the same
manifest already serves that (two copies in the foreground), a socket of this pilot's own, named
by its pid, so `ls`, `attach` and `down` still find both. A detached pilot never takes that way out:
two of one manifest is the mistake `--detach` reports.
*/
export async function planControlSocket(manifest: string, flags: ControlFlags, options: {readonly mayFallBack: boolean}): Promise<string | null> {
	if (flags.control === false) {
		return null;
	}

	if (flags.socket) {
		return path.resolve(flags.socket);
	}

	const socketPath = defaultSocketPath(manifest);
	if (options.mayFallBack && await isSocketAlive(socketPath)) {
		return socketPath.replace(/\.sock$/, `.${process.pid}.sock`);
	}

	return socketPath;
}
