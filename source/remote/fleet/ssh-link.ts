import {spawn as spawnChild, type ChildProcessWithoutNullStreams} from 'node:child_process';
import readline from 'node:readline';
import type {FleetTarget} from './fleet-target.js';
import type {HostLink, LinkHandlers, OpenLink} from './host-link.js';
import type {RelayMessage, RelayRequest} from './relay-protocol.js';
import {sshArgs, type SshCommandOptions} from './ssh-command.js';
import {reasonFromSsh} from './unreachable-reason.js';

export type SshLinkOptions = SshCommandOptions & {
	/** Injected in tests; the system `ssh` from PATH otherwise. */
	readonly spawn?: (command: string, args: readonly string[]) => ChildProcessWithoutNullStreams;
	/** A request with no reply after this long fails. */
	readonly requestTimeoutMs?: number;
};

type Waiting = {resolve: (body: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout};

const stderrLimit = 4096;

/**
A link over the system `ssh` running `pilot-tui ctl stream` on the host: stdout brings the pilot's
events and the replies, stdin takes requests. The reason it ended comes from ssh's exit and stderr.
*/
export function sshLink(target: Extract<FleetTarget, {kind: 'ssh'}>, options: SshLinkOptions): OpenLink {
	const spawn = options.spawn ?? ((command, args) => spawnChild(command, args, {stdio: ['pipe', 'pipe', 'pipe']}));
	return (handlers: LinkHandlers): HostLink => {
		const child = spawn('ssh', sshArgs(target, ['ctl', 'stream'], options));
		const waiting = new Map<number, Waiting>();
		let nextId = 1;
		let stderr = '';
		let isEnded = false;
		const end = (reason: string, isReported: boolean) => {
			if (isEnded) {
				return;
			}

			isEnded = true;
			for (const request of waiting.values()) {
				clearTimeout(request.timer);
				request.reject(new Error(`${target.label}: ${reason}`));
			}

			waiting.clear();
			if (isReported) {
				handlers.onClose(reason);
			}
		};

		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => {
			stderr = (stderr + chunk).slice(-stderrLimit);
		});
		readline.createInterface({input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY}).on('line', line => {
			let message: RelayMessage;
			try {
				message = JSON.parse(line) as RelayMessage;
			} catch {
				// A login banner or a shell's noise before pilot-tui starts: not ours.
				return;
			}

			if (message.type === 'reply') {
				const request = waiting.get(message.id);
				waiting.delete(message.id);
				clearTimeout(request?.timer);
				if (message.status >= 200 && message.status < 300) {
					request?.resolve(message.body);
				} else {
					request?.reject(new Error(message.error ?? `HTTP ${message.status}`));
				}
			} else if (!isEnded) {
				handlers.onMessage(message);
			}
		});
		child.stdin.on('error', () => undefined);
		child.on('error', error => {
			end(`cannot run ssh: ${error.message}`, true);
		});
		// Decide on `exit`: a ControlMaster that ssh forks keeps stderr open long after. Give the
		// pipes a moment to deliver ssh's last words, which say why.
		child.on('exit', (code, signal) => {
			const report = () => {
				end(reasonFromSsh(code, signal, stderr), true);
			};

			child.once('close', report);
			setTimeout(report, 200).unref();
		});
		return {
			async request(method, route, body) {
				if (isEnded) {
					throw new Error(`${target.label} is not connected`);
				}

				const id = nextId++;
				const request: RelayRequest = {id, method, route, body};
				return new Promise((resolve, reject) => {
					const timer = setTimeout(() => {
						waiting.delete(id);
						reject(new Error(`${target.label}: no answer to ${method} ${route} within ${(options.requestTimeoutMs ?? 30_000) / 1000}s`));
					}, options.requestTimeoutMs ?? 30_000);
					waiting.set(id, {resolve, reject, timer});
					child.stdin.write(`${JSON.stringify(request)}\n`);
				});
			},
			close() {
				end('closed', false);
				child.stdin.end();
				child.kill('SIGTERM');
			},
		};
	};
}
