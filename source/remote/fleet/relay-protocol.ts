import type {StreamMessage} from '../../pilot/plugins/control/http/http-protocol.js';

/**
`pilot-tui ctl stream` speaks NDJSON both ways over one ssh connection: the pilot's event stream
out, requests in, each answered by a `reply` line in the same output. One connection per host
serves both the live table and its keys, so `r` costs a round trip, not an ssh handshake.
*/
export type RelayRequest = {
	readonly id: number;
	readonly method: 'GET' | 'POST';
	/** A route of the control API, without the `/v1` prefix: `/restart`, `/processes/web/stop`. */
	readonly route: string;
	readonly body?: unknown;
};

export type RelayReply = {
	readonly type: 'reply';
	readonly id: number;
	/** The HTTP status of the pilot's answer; 0 when the request never reached it. */
	readonly status: number;
	readonly body?: unknown;
	/** The pilot's sentence when `status` is not 2xx. */
	readonly error?: string;
};

export type RelayMessage = StreamMessage | RelayReply;

export function isRelayRequest(value: unknown): value is RelayRequest {
	const request = value as Partial<RelayRequest> | null;
	return typeof request === 'object' && request !== null && typeof request.id === 'number'
		&& (request.method === 'GET' || request.method === 'POST') && typeof request.route === 'string' && request.route.startsWith('/');
}
