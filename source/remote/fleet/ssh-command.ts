import type {FleetTarget} from './fleet-target.js';
import {shellQuote} from './shell-quote.js';

export type SshCommandOptions = {
	/** How `pilot-tui` is started on the remote host, as shell words (default `pilot-tui`). */
	readonly remoteCommand?: string;
	/** No password or passphrase prompt: fail at once instead (a TUI owns the terminal). */
	readonly isBatch: boolean;
};

/**
The argv of the system `ssh` that runs `pilot-tui <args>` on the target: no terminal (`-T`), the
user's config honoured (aliases, keys, jump hosts, ControlMaster), a connect timeout and keepalives
so a host that went dark is noticed in seconds, not minutes, and the selector passed as `--socket` (a socket or manifest path on that host).
*/
export function sshArgs(target: Extract<FleetTarget, {kind: 'ssh'}>, remoteArgs: readonly string[], options: SshCommandOptions): string[] {
	const args = ['-T', '-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3'];
	if (options.isBatch) {
		args.push('-o', 'BatchMode=yes');
	}

	if (target.port !== undefined) {
		args.push('-p', String(target.port));
	}

	const selector = target.selector === undefined ? [] : ['--socket', target.selector];
	const command = [(options.remoteCommand ?? 'pilot-tui').trim(), ...[...remoteArgs, ...selector].map(shellQuote)].join(' ');
	return [...args, target.destination, command];
}
