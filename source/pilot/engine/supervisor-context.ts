import type {SpawnFunction} from '../os/spawn-function.js';
import type {ProcessGroups} from '../os/process-group.js';
import type {PilotStore} from './pilot-store.js';
import type {LogStream} from '../model/pilot-api.js';
import type {LineBlock} from '../output/line-block.js';

export type {SpawnFunction} from '../os/spawn-function.js';

/** What a process unit needs from the pilot that owns it. */
export type SupervisorContext = {
	readonly store: PilotStore;
	readonly readyCheckInterval: number;
	readonly env: Record<string, string>;
	readonly spawn: SpawnFunction;
	/** Signals to the children's groups (a test's stand-in with a fake `spawn`). */
	readonly processGroups: ProcessGroups;
	/** The lines of one chunk of output, in order, in a few blocks (they share one time). */
	readonly logLines: (name: string, stream: LogStream, blocks: readonly LineBlock[]) => void;
	readonly report: (level: 'info' | 'warn' | 'error', text: string, process?: string) => void;
	readonly emit: (event: string, payload: unknown) => void;
	readonly track: (pgid: number) => void;
	readonly untrack: (pgid: number) => void;
	/** A run ended: whatever still carries its id (a setsid escapee) is killed soon. */
	readonly runEnded: (runId: string, pgid: number) => void;
	/** True while the whole pilot is stopping: exits then never restart. */
	readonly isShuttingDown: () => boolean;
	readonly shutdownEverything: (name: string, failed: boolean) => void;
};
