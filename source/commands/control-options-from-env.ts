import type {ControlServerOptions} from '../pilot/model/pilot-api.js';
import type {ControlDefaults} from '../remote/choose-pilot.js';

type Env = Readonly<Record<string, string | undefined>>;

function portFrom(env: Env, name: string): number | undefined {
	const raw = env[name];
	if (raw === undefined || raw === '') {
		return undefined;
	}

	const port = Number(raw);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new Error(`${name} must be a port number (0-65535), got '${raw}'`);
	}

	return port;
}

/**
The control servers' settings from `PILOT_SOCKET`, `PILOT_HTTP_PORT`, `PILOT_TOKEN` and
`PILOT_TCP_PORT`. Only the CLI reads these variables (here and nowhere else, which
test/architecture.test.ts checks); the engine and the clients get the result as options.
*/
export function controlOptionsFromEnv(env: Env): ControlServerOptions {
	const socketPath = env['PILOT_SOCKET'];
	const httpPort = portFrom(env, 'PILOT_HTTP_PORT');
	const tcpPort = portFrom(env, 'PILOT_TCP_PORT');
	const token = env['PILOT_TOKEN'];
	return {
		...(socketPath ? {socketPath} : {}),
		...(httpPort === undefined ? {} : {httpPort, ...(token === undefined ? {} : {token})}),
		...(tcpPort === undefined ? {} : {tcpPort}),
	};
}

/** The pilot a client command talks to without `--socket` (`PILOT_SOCKET`), and the token of a TCP one (`PILOT_TOKEN`). */
export function controlDefaultsFromEnv(env: Env): ControlDefaults {
	const socket = env['PILOT_SOCKET'];
	const token = env['PILOT_TOKEN'];
	return {...(socket ? {socket} : {}), ...(token === undefined ? {} : {token})};
}

/** `PILOT_DEBUG`: print stack traces with errors. */
export function wantsStackTraces(env: Env): boolean {
	return Boolean(env['PILOT_DEBUG']);
}
