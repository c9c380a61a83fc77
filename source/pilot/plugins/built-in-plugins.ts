import type {Plugin} from './plugin.js';
import {FileReadyPlugin} from './ready/file-ready.js';
import {HttpControlPlugin} from './control/http/http-control.js';
import {PipeReadyPlugin} from './ready/pipe-ready.js';
import {TCPReadyPlugin} from './ready/tcp-ready.js';
import {TcpControlPlugin} from './control/tcp/tcp-control.js';

export {FileReadyPlugin, fileReadyStrategy} from './ready/file-ready.js';
export {PipeReadyPlugin, pipeReadyStrategy} from './ready/pipe-ready.js';
export {TCPReadyPlugin, tcpReadyStrategy} from './ready/tcp-ready.js';
export {HttpControlPlugin, HttpControlServer} from './control/http/http-control.js';
export {TcpControlPlugin, TcpControlServer} from './control/tcp/tcp-control.js';

/** The plugins every pilot registers before any of the user's: the `file`, `tcp` and `pipe` ready strategies and the `http` and `tcp` control servers. */
export function builtinPlugins(): Plugin[] {
	return [new FileReadyPlugin(), new TCPReadyPlugin(), new PipeReadyPlugin(), new HttpControlPlugin(), new TcpControlPlugin()];
}
