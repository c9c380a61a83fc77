import fs from 'node:fs';
import {parse} from 'yaml';

export type FleetEntry = {readonly target: string; readonly label?: string};

export type FleetFile = {
	readonly hosts: readonly FleetEntry[];
	/** How `pilot-tui` is started on the hosts (as `--remote-command`). */
	readonly remoteCommand?: string;
	/** Shown in the header. */
	readonly title?: string;
};

const shape = 'expected a list of targets, or {hosts: [...], remote_command?, title?}; a target is "[user@]host[:port][#socket-or-manifest]" or {target, label}';

function entryOf(value: unknown, where: string): FleetEntry {
	if (typeof value === 'string' && value.trim() !== '') {
		return {target: value.trim()};
	}

	const entry = value as {target?: unknown; label?: unknown} | null;
	if (typeof entry === 'object' && entry !== null && typeof entry.target === 'string' && (entry.label === undefined || typeof entry.label === 'string')) {
		const unknown = Object.keys(entry).filter(key => key !== 'target' && key !== 'label');
		if (unknown.length > 0) {
			throw new Error(`${where}: unknown key '${unknown[0]}' (a host takes target and label)`);
		}

		return {target: entry.target.trim(), label: entry.label};
	}

	throw new Error(`${where}: ${shape}`);
}

/**
Read `pilot-fleet.yml`: a list of targets (`web1`, `deploy@db:2222#/srv/app/pilot.yml`, or
`{target, label}`), or an object with `hosts`, `remote_command` and `title`.
*/
export function readFleetFile(file: string): FleetFile {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new Error(`Cannot read fleet file ${file}: ${(error as Error).message}`, {cause: error});
	}

	let document: unknown;
	try {
		document = parse(text);
	} catch (error) {
		throw new Error(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`, {cause: error});
	}

	const object = document as {hosts?: unknown; remote_command?: unknown; title?: unknown} | null;
	const list = Array.isArray(document) ? document : typeof object === 'object' && object !== null ? object.hosts : undefined;
	if (!Array.isArray(list) || list.length === 0) {
		throw new Error(`${file}: ${list === undefined || Array.isArray(list) ? 'no hosts' : 'hosts must be a list'}; ${shape}`);
	}

	const remoteCommand = Array.isArray(document) ? undefined : object?.remote_command;
	const title = Array.isArray(document) ? undefined : object?.title;
	if ((remoteCommand !== undefined && typeof remoteCommand !== 'string') || (title !== undefined && typeof title !== 'string')) {
		throw new Error(`${file}: remote_command and title must be strings`);
	}

	return {hosts: list.map((value, index) => entryOf(value, `${file}: hosts[${index}]`)), remoteCommand, title};
}
