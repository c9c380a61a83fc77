import {spawn} from 'node:child_process';
import readline from 'node:readline';
import {resolveTargets, type FleetTarget} from '../remote/fleet/fleet-target.js';
import {sshArgs} from '../remote/fleet/ssh-command.js';
import {reasonFromSsh} from '../remote/fleet/unreachable-reason.js';
import type {CliFlags} from './flags.js';

type SshTarget = Extract<FleetTarget, {kind: 'ssh'}>;

/** Flags that choose the hosts: everything else after `ctl` goes to the remote pilot-tui as given. */
const localOptions = new Set(['--host', '--remote-command']);

/** The `ctl ...` arguments as typed, minus `--host X` and `--remote-command X`. */
export function remoteCtlArgs(argv: readonly string[]): string[] {
	const args: string[] = [];
	let isValueNext = false;
	for (const argument of argv) {
		if (isValueNext) {
			isValueNext = false;
			continue;
		}

		if (localOptions.has(argument.replace(/=[\s\S]*$/, ''))) {
			isValueNext = !argument.includes('=');
			continue;
		}

		args.push(argument);
	}

	return args;
}

type Outcome = {readonly target: SshTarget; readonly code: number; readonly stdout: string; readonly reason?: string};

async function runOn(target: SshTarget, args: readonly string[], options: {remoteCommand?: string; isBatch: boolean; onLine?: (line: string) => void}): Promise<Outcome> {
	const child = spawn('ssh', sshArgs(target, args, options), {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	readline.createInterface({input: child.stdout}).on('line', line => {
		stdout += `${line}\n`;
		options.onLine?.(line);
	});
	return new Promise(resolve => {
		child.on('error', error => {
			resolve({target, code: 1, stdout, reason: `cannot run ssh: ${error.message}`});
		});
		child.on('close', (code, signal) => {
			resolve({target, code: code ?? 1, stdout, reason: code === 0 ? undefined : reasonFromSsh(code, signal, stderr)});
		});
	});
}

/** One array of every host's JSON answer, each entry with the `host` it came from. */
function mergeJson(outcomes: readonly Outcome[]): unknown[] {
	return outcomes.filter(outcome => outcome.code === 0).flatMap(outcome => {
		let value: unknown;
		try {
			value = JSON.parse(outcome.stdout);
		} catch {
			throw new Error(`${outcome.target.label} did not answer with JSON (is its pilot-tui older than --json?): ${outcome.stdout.trim().split('\n')[0] ?? ''}`);
		}

		const list: unknown[] = Array.isArray(value) ? value : [value];
		return list.map(entry => typeof entry === 'object' && entry !== null ? {...entry, host: outcome.target.label} : {host: outcome.target.label, value: entry});
	});
}

/**
`pilot-tui ctl --host HOST [--host HOST2] <command> ...`: the same ctl command on each host's pilot
over ssh. `--json` gives one array with a `host` on every entry; otherwise each host's lines are
prefixed with its label (one host: passed through as is).
*/
export async function runCtlOnHosts(hosts: readonly string[], argv: readonly string[], flags: Pick<CliFlags, 'json' | 'remoteCommand'>): Promise<number> {
	const targets = resolveTargets(hosts.flatMap(host => host.split(',')).filter(Boolean).map(target => ({target})));
	const local = targets.find(target => target.kind === 'local');
	if (local) {
		throw new Error(`ctl --host takes remote hosts; for this machine leave out --host (got '${local.label}')`);
	}

	const remote = targets as SshTarget[];
	const args = remoteCtlArgs(argv);
	if (remote.some(target => target.selector !== undefined) && args.some(argument => argument.split('=')[0] === '--socket')) {
		throw new Error('Choose the pilot either with HOST#selector or with --socket, not both');
	}

	// One host and a terminal: ssh may ask for a passphrase. Several at once: never prompt.
	const isBatch = remote.length > 1 || !process.stdin.isTTY;
	const width = Math.max(...remote.map(target => target.label.length));
	const isPrefixed = !flags.json && remote.length > 1;
	const outcomes = await Promise.all(remote.map(async target => runOn(target, args, {
		remoteCommand: flags.remoteCommand,
		isBatch,
		onLine: flags.json ? undefined : line => {
			process.stdout.write(isPrefixed ? `${target.label.padEnd(width)}  ${line}\n` : `${line}\n`);
		},
	})));
	if (flags.json) {
		process.stdout.write(`${JSON.stringify(mergeJson(outcomes), null, 2)}\n`);
	}

	for (const outcome of outcomes.filter(outcome => outcome.reason !== undefined)) {
		process.stderr.write(`pilot-tui: ${outcome.target.label}: ${outcome.reason}\n`);
	}

	return outcomes.some(outcome => outcome.code !== 0) ? 1 : 0;
}
