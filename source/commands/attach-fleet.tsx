import fs from 'node:fs';
import path from 'node:path';
import {renderPilotApp} from '../components/render-app.js';
import {readFleetFile, type FleetEntry} from '../remote/fleet/fleet-file.js';
import {FleetPilot} from '../remote/fleet/fleet-pilot.js';
import {resolveTargets} from '../remote/fleet/fleet-target.js';
import {fleetHosts} from '../remote/fleet/open-links.js';
import type {CliFlags} from './flags.js';

type FleetFlags = Pick<CliFlags, 'socket' | 'fleet' | 'remoteCommand' | 'controlDefaults'>;

/** The targets of `attach HOST... [-f pilot-fleet.yml] [--socket X]`, in that order: file, `--socket` (this machine), hosts. */
function fleetEntries(hosts: readonly string[], flags: FleetFlags): {entries: FleetEntry[]; remoteCommand?: string; title: string} {
	const file = flags.fleet === undefined ? undefined : readFleetFile(flags.fleet);
	const local = flags.socket === undefined ? [] : [{target: `local#${flags.socket}`, label: 'local'}];
	const entries = [...file?.hosts ?? [], ...local, ...hosts.map(target => ({target}))];
	if (entries.length === 0) {
		throw new Error('Name the hosts: pilot-tui attach HOST... or attach -f pilot-fleet.yml');
	}

	const title = file?.title ?? (flags.fleet === undefined ? 'fleet' : path.basename(flags.fleet).replace(/\.ya?ml$/i, ''));
	return {entries, remoteCommand: flags.remoteCommand ?? file?.remoteCommand, title};
}

/**
`pilot-tui attach HOST...`: one live table of pilots on several machines, each reached over the
system ssh (`pilot-tui ctl stream` there) or, for `local`/`--socket`, straight through its socket.
A host that fails shows as one row and is retried; q or Ctrl-C detaches from all.
*/
export async function runFleetAttach(hosts: readonly string[], flags: FleetFlags): Promise<number> {
	const {entries, remoteCommand, title} = fleetEntries(hosts, flags);
	const targets = resolveTargets(entries);
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new Error('attach needs a terminal; use `pilot-tui ctl --host HOST status` in scripts');
	}

	// The table owns the terminal: ssh must never stop to ask for a password or passphrase.
	const fleet = new FleetPilot(fleetHosts(targets, {remoteCommand, isBatch: true}, flags.controlDefaults), {title});
	fleet.start();
	const onHangup = () => {
		fleet.close();
		process.kill(process.pid, 'SIGKILL');
	};

	const detach = new AbortController();
	const onTerminate = () => {
		detach.abort('detach');
	};

	process.once('SIGHUP', onHangup);
	process.once('SIGTERM', onTerminate);
	try {
		const [only, ...others] = targets;
		const label = only !== undefined && others.length === 0 ? only.label : `${targets.length} hosts`;
		await renderPilotApp(fleet, {title, host: label, mode: 'fleet', signal: detach.signal});
		process.stdout.write(`Detached from ${label}; the pilots keep running.\n`);
	} finally {
		process.off('SIGHUP', onHangup);
		process.off('SIGTERM', onTerminate);
		fleet.close();
	}

	return 0;
}

/** A fleet attach: `-f`, or an argument that is not a manifest file here (so a host). */
export function isFleetAttach(input: readonly string[], flags: Pick<CliFlags, 'fleet'>): boolean {
	const hosts = input.filter(argument => !isFile(argument));
	// A mistyped manifest would otherwise become an ssh to a host named `app.yml`.
	const manifest = hosts.find(argument => {
		const place = argument.replace(/#[\s\S]*$/, '');
		return /\.(ya?ml|json)$/i.test(place) || place.includes('/');
	});
	if (manifest !== undefined) {
		throw new Error(`No manifest ${manifest} here (a host is [user@]host[:port][#socket-or-manifest])`);
	}

	return flags.fleet !== undefined || hosts.length > 0;
}

function isFile(file: string): boolean {
	try {
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}
