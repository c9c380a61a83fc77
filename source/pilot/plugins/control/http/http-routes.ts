import type {IncomingMessage, ServerResponse} from 'node:http';
import {
	apiPrefix, toProcessEntry, type ControlledPilot, type PilotInfo, type ProcessEntry, type ProcessList,
} from './http-protocol.js';
import {ProcessNotFoundError} from '../../../model/process-not-found-error.js';
import {HttpError, intParameter, namesFromBody, readJsonBody, sendJson} from './http-io.js';
import type {ReloadResult} from '../../../model/reload-result.js';

export type RouteContext = {
	readonly request: IncomingMessage;
	readonly response: ServerResponse;
	readonly url: URL;
	/** The decoded `:name` of the route, when it has one. */
	readonly name: string;
	readonly pilot: ControlledPilot;
	readonly info: () => PilotInfo;
	/** Hand the response over to the event stream. */
	readonly openStream: () => void;
};

type Route = {
	readonly method: 'GET' | 'POST';
	readonly pattern: RegExp;
	readonly handle: (context: RouteContext) => void | Promise<void>;
};

type Action = 'start' | 'stop' | 'restart';

const maxLogLines = 10_000;
const name = '(?<name>[^/]+)';

const routes: readonly Route[] = [
	{method: 'GET', pattern: /^\/info$/, handle: context => sendJson(context.response, 200, context.info())},
	{method: 'GET', pattern: /^\/processes$/, handle: context => sendJson(context.response, 200, listProcesses(context))},
	{method: 'GET', pattern: new RegExp(`^/processes/${name}$`), handle: context => sendJson(context.response, 200, findEntry(context.pilot, context.name))},
	{method: 'GET', pattern: new RegExp(`^/processes/${name}/logs$`), handle: context => sendLogs(context, context.name)},
	{method: 'GET', pattern: new RegExp(`^/processes/${name}/detail$`), handle: sendDetail},
	{method: 'GET', pattern: /^\/logs$/, handle: context => sendLogs(context, undefined)},
	{method: 'POST', pattern: new RegExp(`^/processes/${name}/(start|stop|restart)$`), handle: async context => runAction(context, [context.name])},
	{method: 'POST', pattern: /^\/(start|stop|restart)$/, handle: async context => runAction(context, namesFromBody(await readJsonBody(context.request)))},
	{method: 'GET', pattern: /^\/events$/, handle: context => context.openStream()},
	{method: 'POST', pattern: /^\/shutdown$/, handle: shutdown},
	{method: 'POST', pattern: /^\/reload$/, handle: reload},
	{method: 'POST', pattern: /^\/scale$/, handle: scale},
];

/** Find the route of a request and run it; unknown routes and methods answer 404 and 405. */
export async function dispatch(context: Omit<RouteContext, 'name'>): Promise<void> {
	const {pathname} = context.url;
	const method = context.request.method ?? 'GET';
	if (!pathname.startsWith(`${apiPrefix}/`)) {
		throw new HttpError(404, `Unknown route ${method} ${pathname} (the API lives under ${apiPrefix}/)`);
	}

	const subPath = pathname.slice(apiPrefix.length);
	const matching = routes.filter(route => route.pattern.test(subPath));
	const route = matching.find(candidate => candidate.method === method);
	if (!route) {
		if (matching.length > 0) {
			context.response.setHeader('allow', matching.map(candidate => candidate.method).join(', '));
			throw new HttpError(405, `Method ${method} not allowed on ${pathname}`);
		}

		throw new HttpError(404, `Unknown route ${method} ${pathname}`);
	}

	const match = route.pattern.exec(subPath);
	await route.handle({...context, name: decodeName(match?.groups?.['name'])});
}

function decodeName(raw: string | undefined): string {
	if (raw === undefined) {
		return '';
	}

	try {
		return decodeURIComponent(raw);
	} catch {
		throw new HttpError(400, `Malformed process name in path: ${raw}`);
	}
}

function listProcesses(context: RouteContext): ProcessList {
	const {pilot} = context;
	return {...context.info(), processes: pilot.getSnapshot().processes.map(view => toProcessEntry(view))};
}

function findEntry(pilot: ControlledPilot, processName: string): ProcessEntry {
	const {processes} = pilot.getSnapshot();
	const view = processes.find(candidate => candidate.name === processName);
	if (!view) {
		throw notFound([processName], processes.map(candidate => candidate.name));
	}

	return toProcessEntry(view);
}

function sendLogs(context: RouteContext, processName: string | undefined): void {
	if (processName !== undefined) {
		findEntry(context.pilot, processName);
	}

	const lines = intParameter(context.url, 'lines', 50, maxLogLines);
	const files = [...context.pilot.logFilePaths?.().files ?? []].filter(([name]) => processName === undefined || name === processName);
	sendJson(context.response, 200, {lines: lines === 0 ? [] : context.pilot.getLogs(processName, lines), files: Object.fromEntries(files)});
}

/** `GET /processes/:name/detail`: what the TUI's detail view shows (secrets masked). */
async function sendDetail(context: RouteContext): Promise<void> {
	findEntry(context.pilot, context.name);
	if (!context.pilot.getProcessDetail) {
		throw new HttpError(501, 'This pilot does not provide process details');
	}

	sendJson(context.response, 200, await context.pilot.getProcessDetail(context.name));
}

async function runAction(context: RouteContext, given: string[]): Promise<void> {
	const action = /(start|stop|restart)$/.exec(context.url.pathname)?.[1] as Action | undefined;
	if (action === undefined) {
		throw new HttpError(404, `Unknown route ${context.url.pathname}`);
	}

	const views = context.pilot.getSnapshot().processes;
	const known = views.map(view => view.name);
	// The name of a replica group (`replicas: N`) stands for all its copies.
	const copiesOf = (group: string) => views.filter(view => view.replica?.group === group).map(view => view.name);
	const names = [...new Set(given.flatMap(name => (known.includes(name) || copiesOf(name).length === 0 ? [name] : copiesOf(name))))];
	if (names.some(candidate => !known.includes(candidate))) {
		throw notFound(names, known);
	}

	try {
		await (action === 'restart'
			? context.pilot.restartProcesses(names)
			: Promise.all(names.map(async candidate => action === 'start' ? context.pilot.startProcess(candidate) : context.pilot.stopProcess(candidate))));
	} catch (error) {
		if (error instanceof ProcessNotFoundError) {
			throw notFound([error.processName], error.known);
		}

		throw new HttpError(409, error instanceof Error ? error.message : String(error));
	}

	sendJson(context.response, 200, {ok: true, processes: names.map(candidate => findEntry(context.pilot, candidate))});
}

/** 404 naming every unknown process; the body also lists the known ones. */
function notFound(names: readonly string[], known: readonly string[]): HttpError {
	const unknown = names.filter(candidate => !known.includes(candidate));
	return new HttpError(404, unknown.map(candidate => new ProcessNotFoundError(candidate, known).message).join('; '), {process: unknown[0], known});
}

function shutdown(context: RouteContext): void {
	sendJson(context.response, 202, {ok: true, message: 'Stopping the pilot'});
	// Stop only once the reply is out: stopping the pilot also closes this server.
	context.response.once('finish', () => {
		void context.pilot.stop().catch(() => undefined);
	});
}

/** `POST /reload` `{dry_run?}`: the plan, applied unless a dry run; 422 with every problem of an invalid manifest. */
async function reload(context: RouteContext): Promise<void> {
	const body = await readJsonBody(context.request);
	const dryRun = isRecord(body) && body['dry_run'] === true;
	if (!context.pilot.reload) {
		throw new HttpError(501, 'This pilot cannot reload its manifest');
	}

	const reload = context.pilot.reload.bind(context.pilot);
	sendJson(context.response, 200, await answerReload(async () => reload({dryRun})));
}

/** `POST /scale` `{name, replicas}`: run that many copies of a replica group. */
async function scale(context: RouteContext): Promise<void> {
	const body = await readJsonBody(context.request);
	const group = isRecord(body) ? body['name'] : undefined;
	const count = isRecord(body) ? body['replicas'] : undefined;
	if (typeof group !== 'string' || typeof count !== 'number') {
		throw new HttpError(400, 'Expected a JSON body {"name": "<replica group>", "replicas": <count>}');
	}

	if (!context.pilot.scale) {
		throw new HttpError(501, 'This pilot cannot scale');
	}

	const scale = context.pilot.scale.bind(context.pilot);
	sendJson(context.response, 200, await answerReload(async () => scale(group, count)));
}

async function answerReload(run: () => Promise<ReloadResult>): Promise<ReloadResult & {ok: true}> {
	try {
		return {ok: true, ...await run()};
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new HttpError(422, message, {issues: message.split('\n')});
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
