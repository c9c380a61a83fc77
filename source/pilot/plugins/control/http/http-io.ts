import type {IncomingMessage, ServerResponse} from 'node:http';

/** Request bodies are tiny lists of names; anything bigger is refused. */
export const maxBodyBytes = 64 * 1024;

/** An error with the HTTP status to answer; its message goes to the client as `{error}`. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		/** Extra fields of the `{error}` reply (e.g. `known` with a 404 for a process). */
		readonly details: Readonly<Record<string, unknown>> = {},
	) {
		super(message);
		this.name = 'HttpError';
	}
}

/** Answer with a JSON body (unless the client is already gone). */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
	if (response.headersSent || response.destroyed) {
		return;
	}

	const text = `${JSON.stringify(body)}\n`;
	response.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store',
	});
	response.end(text);
}

/** Answer with `{error}`; a refused body also closes the connection so the rest is not read. */
export function sendError(response: ServerResponse, error: unknown): void {
	const status = error instanceof HttpError ? error.status : 500;
	const message = error instanceof Error ? error.message : String(error);
	if (status === 413) {
		response.setHeader('connection', 'close');
	}

	sendJson(response, status, {...(error instanceof HttpError ? error.details : {}), error: message});
}

/**
Before any route runs: a body declared bigger than `maxBodyBytes` is refused (413) whatever the
route, and a request that carries a body is answered `connection: close`. Node reads a body the
route left unread to its end to keep the connection open (a 30 MB POST to a route taking none
grew the RSS by 30 MB); on a closing connection it stops once the answer is out.
*/
export function guardRequestBody(request: IncomingMessage, response: ServerResponse): void {
	const declared = Number(request.headers['content-length'] ?? 0);
	if (declared > 0 || request.headers['transfer-encoding'] !== undefined) {
		response.setHeader('connection', 'close');
	}

	if (declared > maxBodyBytes) {
		throw new HttpError(413, `Request body too large (limit ${maxBodyBytes} bytes)`);
	}
}

/**
Read a JSON body of at most `maxBodyBytes`. An empty body is `{}`. Rejects with an `HttpError`
(413 too large, 400 malformed) without waiting for the rest of a body that is too big.
*/
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
	const declared = Number(request.headers['content-length'] ?? 0);
	if (declared > maxBodyBytes) {
		throw new HttpError(413, `Request body too large (limit ${maxBodyBytes} bytes)`);
	}

	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of request as AsyncIterable<Uint8Array>) {
		size += chunk.length;
		if (size > maxBodyBytes) {
			throw new HttpError(413, `Request body too large (limit ${maxBodyBytes} bytes)`);
		}

		chunks.push(chunk);
	}

	const text = Buffer.concat(chunks).toString('utf8').trim();
	if (text === '') {
		return {};
	}

	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new HttpError(400, `Malformed JSON: ${(error as Error).message}`);
	}
}

/** The `names` of an action body: a non-empty list of strings (a single string is accepted too). */
export function namesFromBody(body: unknown): string[] {
	const names = typeof body === 'object' && body !== null ? (body as {names?: unknown}).names : undefined;
	const list = typeof names === 'string' ? [names] : names;
	if (!Array.isArray(list) || list.length === 0 || !list.every(name => typeof name === 'string')) {
		throw new HttpError(400, 'Expected a body like {"names": ["web"]}: a non-empty list of process names');
	}

	return list;
}

/** A bounded integer query parameter. */
export function intParameter(url: URL, name: string, fallback: number, max: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null) {
		return fallback;
	}

	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) {
		throw new HttpError(400, `Query parameter '${name}' must be a non-negative integer, got '${raw}'`);
	}

	return Math.min(value, max);
}
