import type {StreamMessage} from '../../pilot/plugins/control/http/http-protocol.js';

/** What a connection to one pilot reports. `onClose` comes once, with why the link ended in a few words. */
export type LinkHandlers = {
	readonly onMessage: (message: StreamMessage) => void;
	readonly onClose: (reason: string) => void;
};

/** One open connection to a pilot (over ssh, or its local socket): its stream comes through the handlers. */
export type HostLink = {
	/** A control API request through this connection; rejects with the pilot's sentence. */
	request(method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown>;
	/** Hang up; `onClose` is not called. */
	close(): void;
};

export type OpenLink = (handlers: LinkHandlers) => HostLink;
