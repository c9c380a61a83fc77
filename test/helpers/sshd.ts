import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {freePort} from './free-port.js';
import {waitFor} from './proc.js';

export {freePort};

export type TestSshd = {
	readonly port: number;
	/** Put first on PATH: an `ssh` that reads this test's client config (`-F`), never the machine's. */
	readonly binDirectory: string;
	readonly clientConfig: string;
	stop(): Promise<void>;
};

function keygen(file: string): void {
	const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], {encoding: 'utf8'});
	if (result.status !== 0) {
		throw new Error(`ssh-keygen failed: ${result.stderr}`);
	}
}

/**
A real sshd on 127.0.0.1 for one test: its own host key, user key, config and port, logging in as
the current user (root here) by key only. `aliases` become Host entries of the client config, all
pointing at this sshd. Nothing of the machine's own ssh setup is read or changed.
*/
export async function startSshd(directory: string, aliases: readonly string[]): Promise<TestSshd> {
	const port = await freePort();
	const hostKey = path.join(directory, 'host_key');
	const userKey = path.join(directory, 'user_key');
	keygen(hostKey);
	keygen(userKey);
	fs.copyFileSync(`${userKey}.pub`, path.join(directory, 'authorized_keys'));
	// sshd needs its privilege separation folder (created by the service scripts, which never ran here).
	fs.mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
	const config = path.join(directory, 'sshd_config');
	fs.writeFileSync(config, [
		`Port ${port}`,
		'ListenAddress 127.0.0.1',
		`HostKey ${hostKey}`,
		`PidFile ${path.join(directory, 'sshd.pid')}`,
		`AuthorizedKeysFile ${path.join(directory, 'authorized_keys')}`,
		'PubkeyAuthentication yes',
		'PasswordAuthentication no',
		'KbdInteractiveAuthentication no',
		'PermitRootLogin prohibit-password',
		'UsePAM no',
		'StrictModes no',
		'MaxSessions 50',
		'MaxStartups 50',
		'LogLevel VERBOSE',
		'',
	].join('\n'));
	const clientConfig = path.join(directory, 'ssh_config');
	const user = (process.env['USER'] ?? spawnSync('id', ['-un'], {encoding: 'utf8'}).stdout.trim()) || 'root';
	fs.writeFileSync(clientConfig, [
		`Host ${['127.0.0.1', ...aliases].join(' ')}`,
		'  HostName 127.0.0.1',
		`  Port ${port}`,
		`  User ${user}`,
		`  IdentityFile ${userKey}`,
		'  IdentitiesOnly yes',
		'  StrictHostKeyChecking no',
		`  UserKnownHostsFile ${path.join(directory, 'known_hosts')}`,
		'  LogLevel ERROR',
		'',
	].join('\n'));
	const binDirectory = path.join(directory, 'bin');
	fs.mkdirSync(binDirectory);
	fs.writeFileSync(path.join(binDirectory, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${clientConfig}' "$@"\n`, {mode: 0o755});
	const log = path.join(directory, 'sshd.log');
	const sshd: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-f', config, '-E', log], {stdio: 'ignore'});
	const isUp = await waitFor(async () => sshd.exitCode !== null || canConnect(port), 10_000);
	if (!isUp || sshd.exitCode !== null) {
		throw new Error(`sshd did not start:\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
	}

	return {
		port,
		binDirectory,
		clientConfig,
		async stop() {
			if (sshd.exitCode === null) {
				sshd.kill('SIGTERM');
				await new Promise(resolve => sshd.once('exit', resolve));
			}
		},
	};
}

async function canConnect(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => {
			resolve(false);
		});
	});
}
