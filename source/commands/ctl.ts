import type {ProcessEntry, ProcessList} from '../pilot/plugins/control/http/http-protocol.js';
import {ProcessNotFoundError} from '../pilot/model/process-not-found-error.js';
import {requestJson, type ControlTarget} from '../remote/client.js';
import {findSelectedPilot} from '../remote/fleet/selector.js';
import {formatStatusTable} from '../remote/status-table.js';
import type {CliFlags} from './flags.js';

type Action = 'start' | 'stop' | 'restart';

const usage = 'Usage: pilot-tui ctl <status|start|stop|restart|logs|stream|reload|scale> [names...] [--socket path] [--host HOST] [--json] [--lines n] [--since 10m] [-f] [--dry-run]';
const pastTense: Record<Action, string> = {start: 'Started', stop: 'Stopped', restart: 'Restarted'};

function print(text: string): void {
	process.stdout.write(`${text}\n`);
}

function checkNames(list: ProcessList, names: readonly string[]): void {
	const known = list.processes.map(entry => entry.name);
	const groups = new Set(list.processes.flatMap(entry => (entry.replica ? [entry.replica.group] : [])));
	const unknown = names.filter(name => !known.includes(name) && !groups.has(name));
	const [first] = unknown;
	if (first !== undefined) {
		const error = new ProcessNotFoundError(first, known);
		error.message = `${unknown.map(name => new ProcessNotFoundError(name, known).message).join('; ')} (known: ${known.join(', ')})`;
		throw error;
	}
}

async function status(target: ControlTarget, names: readonly string[], flags: CliFlags): Promise<void> {
	const list = await requestJson<ProcessList>(target, 'GET', '/processes');
	const entries = names.length === 0 ? list.processes : list.processes.filter(entry => names.includes(entry.name));
	if (flags.json) {
		print(JSON.stringify(entries, null, 2));
		return;
	}

	const running = list.processes.filter(entry => entry.status === 'running').length;
	print(`${list.title} on ${list.host} (pilot pid ${list.pid}): ${running}/${list.processes.length} running`);
	print(formatStatusTable(entries));
}

async function act(target: ControlTarget, action: Action, names: readonly string[], flags: CliFlags): Promise<void> {
	if (names.length === 0) {
		throw new Error(`Name the processes to ${action}: pilot-tui ctl ${action} <name...>`);
	}

	const reply = await requestJson<{processes: ProcessEntry[]}>(target, 'POST', `/${action}`, {names});
	if (flags.json) {
		print(JSON.stringify(reply.processes, null, 2));
		return;
	}

	for (const entry of reply.processes) {
		print(`${pastTense[action]} ${entry.name}: ${entry.status}${entry.pid === null ? '' : ` (pid ${entry.pid})`}`);
	}
}

/** `pilot-tui ctl <command> [names...]`: talk to a running pilot through its control socket. */
export async function runCtl(input: string[], flags: CliFlags): Promise<number> {
	const [command, ...names] = input;
	if (flags.host && flags.host.length > 0) {
		const {runCtlOnHosts} = await import('./ctl-host.js');
		return runCtlOnHosts(flags.host, process.argv.slice(process.argv.indexOf('ctl')), flags);
	}

	if (command === undefined) {
		throw new Error(usage);
	}

	if (command === 'stream') {
		const {runCtlStream} = await import('./ctl-stream.js');
		return runCtlStream(flags);
	}

	if (command === 'reload' || command === 'scale') {
		const {ctlReload, ctlScale} = await import('./ctl-reload.js');
		if (command === 'reload' && names.length > 0) {
			throw new Error('ctl reload takes no names: it reads the whole manifest again (--dry-run only shows the plan)');
		}

		const target = await findSelectedPilot(flags.socket, flags.controlDefaults);
		await (command === 'reload' ? ctlReload(target, flags) : ctlScale(target, names, flags));
		return 0;
	}

	if (!['status', 'start', 'stop', 'restart', 'logs'].includes(command)) {
		throw new Error(`Unknown ctl command '${command}'. ${usage}`);
	}

	if (!Number.isInteger(flags.lines) || flags.lines < 0) {
		throw new Error(`--lines must be a non-negative whole number, got ${flags.lines}`);
	}

	const target = await findSelectedPilot(flags.socket, flags.controlDefaults);
	if (names.length > 0) {
		// Checked here too, to name the known processes in the message.
		checkNames(await requestJson<ProcessList>(target, 'GET', '/processes'), names);
	}

	switch (command) {
		case 'status': {
			await status(target, names, flags);
			break;
		}

		case 'logs': {
			const {ctlLogs} = await import('./ctl-logs.js');
			await ctlLogs(target, names, flags);
			break;
		}

		default: {
			await act(target, command as Action, names, flags);
		}
	}

	return 0;
}
