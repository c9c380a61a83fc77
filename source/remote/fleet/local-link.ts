import {openEventStream, requestJson, type ControlTarget, type EventStreamHandle} from '../client.js';
import type {ControlDefaults} from '../choose-pilot.js';
import {findSelectedPilot} from './selector.js';
import type {HostLink, LinkHandlers, OpenLink} from './host-link.js';
import {reasonFromError} from './unreachable-reason.js';

/**
A link to a pilot on this machine, straight to its control socket (no ssh): the selector's socket
or manifest, else the only live pilot. Looked up again on every connect, as a remote host would.
*/
export function localLink(selector: string | undefined, defaults: ControlDefaults = {}): OpenLink {
	return (handlers: LinkHandlers): HostLink => {
		let isClosed = false;
		let stream: EventStreamHandle | undefined;
		const found: Promise<ControlTarget> = findSelectedPilot(selector, defaults);
		found.then(
			target => {
				if (isClosed) {
					return;
				}

				stream = openEventStream(target, {
					onMessage: handlers.onMessage,
					onClose: error => {
						isClosed = true;
						handlers.onClose(error ? reasonFromError(error.message) : 'the pilot closed the connection');
					},
				});
			},
			(error: unknown) => {
				if (!isClosed) {
					isClosed = true;
					handlers.onClose(reasonFromError(error instanceof Error ? error.message : String(error)));
				}
			},
		);
		return {
			async request(method, route, body) {
				return requestJson<unknown>(await found, method, route, body);
			},
			close() {
				isClosed = true;
				stream?.close();
			},
		};
	};
}
