import type {Plugin} from '../plugin.js';
import {FileReadyPlugin} from './file-ready.js';
import {HttpControlPlugin} from './http-control.js';
import {PipeReadyPlugin} from './pipe-ready.js';
import {TCPReadyPlugin} from './tcp-ready.js';
import {TcpControlPlugin} from './tcp-control.js';

export {FileReadyPlugin, fileReadyStrategy} from './file-ready.js';
export {PipeReadyPlugin, pipeReadyStrategy} from './pipe-ready.js';
export {TCPReadyPlugin, tcpReadyStrategy} from './tcp-ready.js';
export {HttpControlPlugin, HttpControlServer} from './http-control.js';
export {TcpControlPlugin, TcpControlServer} from './tcp-control.js';

/** The plugins every pilot registers before any of the user's: the `file`, `tcp` and `pipe` ready strategies and the `http` and `tcp` control servers. */
export function builtinPlugins(): Plugin[] {
	return [new FileReadyPlugin(), new TCPReadyPlugin(), new PipeReadyPlugin(), new HttpControlPlugin(), new TcpControlPlugin()];
}
