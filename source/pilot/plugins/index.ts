import type {Plugin} from '../plugin.js';
import {FileReadyPlugin} from './file-ready.js';
import {PipeReadyPlugin} from './pipe-ready.js';
import {TCPReadyPlugin} from './tcp-ready.js';

export {FileReadyPlugin, fileReadyStrategy} from './file-ready.js';
export {PipeReadyPlugin, pipeReadyStrategy} from './pipe-ready.js';
export {TCPReadyPlugin, tcpReadyStrategy} from './tcp-ready.js';

/** The plugins every pilot registers before any of the user's: the `file`, `tcp` and `pipe` ready strategies. */
export function builtinPlugins(): Plugin[] {
	return [new FileReadyPlugin(), new TCPReadyPlugin(), new PipeReadyPlugin()];
}
