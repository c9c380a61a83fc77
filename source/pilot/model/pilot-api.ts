import type {ChildProcess} from 'node:child_process';
import type {Process, ProcessStats} from './process-model.js';
import type {ExitInfo, ProcessState} from './process-state.js';

/** What a ready strategy gets besides the process: the live child and a way to give up early. */
export type ReadyContext = {
	/** PID of the child, which is also its process group id. */
	readonly pid: number;
	/** Aborted when the child exits or is stopped before it became ready. */
	readonly signal: AbortSignal;
	/** Upper bound for any polling the strategy still does, in seconds. */
	readonly readyCheckInterval: number;
	/** How long to wait before answering `false`, in seconds (the process's `ready_timeout_sec`). */
	readonly timeoutSec: number;
	/** Epoch ms just before the child was spawned: ready files older than this are stale. */
	readonly startedAt: number;
};

/**
Decides whether a process is ready. Resolves `true` as soon as it is, `false` on timeout.
The seed's signature `(process, ready_check_interval) -> bool` still works: the third argument is extra.
*/
export type ReadyStrategy = (process: Process, readyCheckInterval: number, context?: ReadyContext) => boolean | Promise<boolean>;

export type LifecycleHook = (process: Process, child: ChildProcess | undefined) => void | Promise<void>;

export type StatsHandler = (stats: ProcessStats[]) => void | Promise<void>;

export type ControlServer = {
	start(): void | Promise<void>;
	stop(): void | Promise<void>;
};

/** `pilot` is the `ProcessPilot` that owns the server. */
export type ControlServerFactory = (pilot: PilotApi) => ControlServer;

export type LogStream = 'stdout' | 'stderr';

export type LogLine = {
	/** Increases by one for every line the pilot captures, across all processes. */
	readonly seq: number;
	readonly process: string;
	readonly stream: LogStream;
	readonly text: string;
	/** Epoch milliseconds. */
	readonly time: number;
};

/** One row of the UI: everything the table shows about a process. Immutable. */
export type ProcessView = {
	readonly name: string;
	readonly state: ProcessState;
	readonly ready: boolean;
	readonly pid: number | null;
	readonly cpuPercent: number;
	readonly memoryMb: number;
	readonly maxCpuPercent: number;
	readonly maxMemoryMb: number;
	/** Recent CPU% samples, oldest first, for sparklines (at most 30). */
	readonly cpuHistory: readonly number[];
	readonly restarts: number;
	/** Epoch ms when the current run started, or null when not running. */
	readonly startedAt: number | null;
	readonly lastExit: ExitInfo | null;
	/** Why the process is `failed`, in `backoff`, or was not started. */
	readonly reason: string | null;
	/** Epoch ms of the next restart attempt while in `backoff`. */
	readonly nextRetryAt: number | null;
	readonly dependencies: readonly string[];
};

export type PilotMessage = {
	readonly seq: number;
	readonly time: number;
	readonly level: 'info' | 'warn' | 'error';
	readonly text: string;
	readonly process?: string;
};

export type PilotSnapshot = {
	/** In start order. */
	readonly processes: readonly ProcessView[];
	readonly isRunning: boolean;
	/** Epoch ms when `start()` was called, or null. */
	readonly startedAt: number | null;
	/** The pilot's own messages (warnings, hook errors), the most recent last; bounded. */
	readonly messages: readonly PilotMessage[];
	/** The `seq` of the newest captured log line; changes (throttled) when new output arrived. */
	readonly logSeq: number;
	/** Only for remote views (`attach`): whether the stream to the pilot is up. */
	readonly connection?: 'connected' | 'reconnecting';
	/** Host name of the machine the pilot runs on. */
	readonly host?: string;
	/** Manifest file name or title shown in the header. */
	readonly title?: string;
};

/**
What a user interface or control server needs from a pilot. `ProcessPilot` implements it; the
`attach` client implements it over the control socket.
*/
export type PilotApi = {
	subscribe(listener: () => void): () => void;
	getSnapshot(): PilotSnapshot;
	/** The last `limit` captured lines of one process, or of all processes merged when `name` is omitted. */
	getLogs(name?: string, limit?: number): readonly LogLine[];
	startProcess(name: string): Promise<void>;
	stopProcess(name: string): Promise<void>;
	restartProcesses(names: string[] | string): Promise<void>;
	stop(): Promise<void>;
};
