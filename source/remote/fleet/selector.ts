import fs from 'node:fs';
import type {ControlTarget} from '../client.js';
import {choosePilot, type ControlDefaults} from '../choose-pilot.js';

/**
The pilot a `#selector` names on this machine: a manifest file picks the live pilot running it,
anything else is a socket path (or `127.0.0.1:<port>`); none picks the only live pilot.
*/
export async function findSelectedPilot(selector: string | undefined, defaults: ControlDefaults = {}): Promise<ControlTarget> {
	if (selector !== undefined && isFile(selector)) {
		return choosePilot({manifest: selector, defaults});
	}

	return choosePilot({socket: selector, defaults});
}

function isFile(file: string): boolean {
	try {
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}
