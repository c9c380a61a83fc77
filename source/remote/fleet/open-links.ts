import type {ControlDefaults} from '../choose-pilot.js';
import type {FleetHost} from './fleet-pilot.js';
import type {FleetTarget} from './fleet-target.js';
import {localLink} from './local-link.js';
import {sshLink, type SshLinkOptions} from './ssh-link.js';

/** Each target's way in: its local socket, or the system ssh. */
export function fleetHosts(targets: readonly FleetTarget[], options: SshLinkOptions, defaults: ControlDefaults = {}): FleetHost[] {
	return targets.map(target => ({
		label: target.label,
		openLink: target.kind === 'local' ? localLink(target.selector, defaults) : sshLink(target, options),
	}));
}
