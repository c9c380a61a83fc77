import type {Plugin} from './plugin.js';
import {FileReadyPlugin} from './ready/file-ready.js';
import {HttpControlPlugin} from './control/http/http-control.js';
import {PipeReadyPlugin} from './ready/pipe-ready.js';
import {TCPReadyPlugin} from './ready/tcp-ready.js';
import {TcpControlPlugin} from './control/tcp/tcp-control.js';
import {HttpReadyPlugin} from './ready/http-ready.js';
import {ExecReadyPlugin} from './ready/exec-ready.js';
import {LogReadyPlugin} from './ready/log-ready.js';
import {BuiltInHealthChecksPlugin} from './health/built-in-health-checks.js';

export {FileReadyPlugin, fileReadyStrategy} from './ready/file-ready.js';
export {PipeReadyPlugin, pipeReadyStrategy} from './ready/pipe-ready.js';
export {TCPReadyPlugin, tcpReadyStrategy} from './ready/tcp-ready.js';
export {HttpControlPlugin, HttpControlServer} from './control/http/http-control.js';
export {TcpControlPlugin, TcpControlServer} from './control/tcp/tcp-control.js';
export {HttpReadyPlugin, httpReadyStrategy} from './ready/http-ready.js';
export {ExecReadyPlugin, execReadyStrategy} from './ready/exec-ready.js';
export {LogReadyPlugin, logReadyStrategy} from './ready/log-ready.js';
export {BuiltInHealthChecksPlugin} from './health/built-in-health-checks.js';

/** The plugins every pilot registers before any of the user's: the `file`, `tcp`, `pipe`, `http`, `exec` and `log` ready strategies, the `http`, `tcp` and `exec` health checks, and the `http` and `tcp` control servers. */
export function builtinPlugins(): Plugin[] {
	return [
		new FileReadyPlugin(), new TCPReadyPlugin(), new PipeReadyPlugin(), new HttpReadyPlugin(), new ExecReadyPlugin(), new LogReadyPlugin(),
		new BuiltInHealthChecksPlugin(), new HttpControlPlugin(), new TcpControlPlugin(),
	];
}
