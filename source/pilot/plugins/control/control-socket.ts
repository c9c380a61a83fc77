import {createHash} from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** The per-user folder holding control sockets: `$XDG_RUNTIME_DIR/pilot-tui`, else `/tmp/pilot-tui-<uid>`. */
export function runtimeDirectory(env: Env = process.env, uid: number = currentUid()): string {
	const xdg = env['XDG_RUNTIME_DIR'];
	if (xdg && path.isAbsolute(xdg)) {
		return path.join(xdg, 'pilot-tui');
	}

	return path.join(os.tmpdir(), `pilot-tui-${uid}`);
}

/**
The default socket of a manifest: `<runtime dir>/<base name>-<hash>.sock`, the hash of the manifest's
absolute path, so two manifests named `pilot.yml` in different folders get different sockets.
*/
export function defaultSocketPath(manifestPath: string | undefined, env: Env = process.env): string {
	const absolute = path.resolve(manifestPath ?? 'pilot');
	const base = path.basename(absolute).replace(/\.(ya?ml|json)$/i, '').replaceAll(/[^\w.-]+/g, '_').slice(0, 40) || 'pilot';
	const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 8);
	return path.join(runtimeDirectory(env), `${base}-${hash}.sock`);
}

/**
Create the pilot's own runtime folder with mode 0700, or check an existing one: it must be a real
folder (not a symlink) owned by us, and is tightened to 0700. In a shared `/tmp`, anything else
could be a trap. Only for the runtime folder: a folder the user chose is never chmod-ed.
*/
export function ensurePrivateDirectory(directory: string): void {
	fs.mkdirSync(directory, {recursive: true, mode: 0o700});
	const stat = fs.lstatSync(directory);
	if (!stat.isDirectory()) {
		throw new Error(`Control socket folder ${directory} is not a folder`);
	}

	if (stat.uid !== currentUid()) {
		throw new Error(`Control socket folder ${directory} belongs to another user; remove it or set PILOT_SOCKET`);
	}

	if ((stat.mode & 0o777) !== 0o700) {
		fs.chmodSync(directory, 0o700);
	}
}

/** Resolves true when something accepts connections on the socket. */
export async function isSocketAlive(socketPath: string, timeoutMs = 1000): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect(socketPath);
		const done = (alive: boolean) => {
			socket.destroy();
			resolve(alive);
		};

		socket.setTimeout(timeoutMs, () => {
			// A pilot too busy to accept within a second is still a live pilot.
			done(true);
		});
		socket.once('connect', () => {
			done(true);
		});
		socket.once('error', () => {
			done(false);
		});
	});
}

/** Linux's `sun_path` holds 108 bytes including the terminating NUL. */
export const maxSocketPathBytes = 107;

async function listenOnce(server: net.Server, socketPath: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => {
			server.off('listening', onListening);
			reject(error);
		};

		const onListening = () => {
			server.off('error', onError);
			resolve();
		};

		server.once('error', onError);
		server.once('listening', onListening);
		withPrivateUmask(() => server.listen(socketPath));
	});
}

/**
Run `bind` (synchronous for a Unix socket) under umask 0177, so the socket file is 0600 from the
moment it exists: a chmod afterwards would leave a moment in which others can connect. The umask
is process-wide, but nothing else runs on this thread meanwhile; a file the thread pool creates
in those microseconds would come out tighter, never looser. In a worker thread (no umask) the
caller's chmod is all there is.
*/
function withPrivateUmask(bind: () => void): void {
	let previous: number | undefined;
	try {
		previous = process.umask(0o177);
	} catch {}

	try {
		bind();
	} finally {
		if (previous !== undefined) {
			process.umask(previous);
		}
	}
}

/**
Listen on a Unix socket with mode 0600. A socket file left by a crashed pilot (nobody accepts on
it) is replaced; a live one is an error. Returns the inode, to remove only our own file later.
The runtime folder is made private; any other folder (a `--socket` the user chose) is created
if missing but its mode is left alone: a project folder tightened to 0700 locks out services
that run as another user.
*/
export async function listenOnSocket(server: net.Server, socketPath: string, env: Env = process.env): Promise<number> {
	if (Buffer.byteLength(socketPath) > maxSocketPathBytes) {
		throw new Error(`Control socket path is too long (over ${maxSocketPathBytes} bytes): ${socketPath}`);
	}

	const folder = path.dirname(socketPath);
	if (folder === runtimeDirectory(env)) {
		ensurePrivateDirectory(folder);
	} else {
		fs.mkdirSync(folder, {recursive: true});
	}

	try {
		await listenOnce(server, socketPath);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
			throw new Error(`Cannot listen on ${socketPath}: ${(error as Error).message}`, {cause: error});
		}

		if (!fs.lstatSync(socketPath).isSocket()) {
			throw new Error(`${socketPath} exists and is not a socket; remove it or choose another --socket`, {cause: error});
		}

		if (await isSocketAlive(socketPath)) {
			throw new Error(`Another pilot is already running on ${socketPath}`, {cause: error});
		}

		fs.unlinkSync(socketPath);
		await listenOnce(server, socketPath);
	}

	fs.chmodSync(socketPath, 0o600);
	return fs.statSync(socketPath).ino;
}

/** Remove the socket file if it is still the one we created (another pilot may have replaced it). */
export function removeSocketFile(socketPath: string, inode: number): void {
	try {
		if (fs.lstatSync(socketPath).ino === inode) {
			fs.unlinkSync(socketPath);
		}
	} catch {
		// Already gone.
	}
}

function currentUid(): number {
	return process.getuid?.() ?? 0;
}
