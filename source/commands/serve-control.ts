import type {ProcessPilot} from '../pilot/pilot.js';
import {HttpControlServer} from '../pilot/plugins/control/http/http-control.js';

export type ControlSocket = {
	start(): Promise<void>;
	stop(): Promise<void>;
};

const nothing = (): Promise<void> => Promise.resolve();

/**
Make the pilot serve the HTTP control API on `socketPath`, whatever its manifest's `control_server`:
without one (or with `http`) the pilot's own `http` server does it, started and stopped with the
pilot; with another one (the `tcp` compatibility server, a plugin's), a second server for the socket
runs next to it, from before the start until the run is over.
*/
export function serveControlSocket(pilot: ProcessPilot, socketPath: string): ControlSocket {
	const {manifest} = pilot;
	if (manifest.control_server === null || manifest.control_server === 'http') {
		// The pilot's own http server listens on `socketPath`: the pilot was given it as an option.
		manifest.control_server = 'http';
		return {start: nothing, stop: nothing};
	}

	const server = new HttpControlServer(pilot, {socketPath});
	return {
		start: async () => server.start(),
		stop: async () => server.stop(),
	};
}
