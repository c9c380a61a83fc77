import type {ExitInfo, ProcessState} from './process-state.js';

export type {LifecycleHook, ReadyContext, ReadyStrategy, StatsHandler} from './process-model.js';
export type {HealthCheck, HealthCheckContext, HealthResult, HealthStatus} from './health.js';
import type {HealthStatus} from './health.js';
import type {ProcessDetail} from './process-detail.js';
import type {ReloadResult} from './reload-result.js';

export type ControlServer = {
	start(): void | Promise<void>;
	stop(): void | Promise<void>;
	/** Shown as a warning on the message line once the server started (e.g. that it has no authentication). */
	readonly warning?: string;
};

/** Where control servers listen; the CLI fills it from its flags and `PILOT_*` variables. */
export type ControlServerOptions = {
	/** The http server's Unix socket (default: the manifest's socket in the per-user runtime folder). */
	readonly socketPath?: string;
	/** The http server also listens on 127.0.0.1 at this port (0: any free port); needs `token`. */
	readonly httpPort?: number;
	/** Bearer token for that TCP listener, at least 20 characters. */
	readonly token?: string;
	/** Port of the process_pilot-compatible `tcp` server (default 9999; 0: any free port). */
	readonly tcpPort?: number;
};

/** `pilot` is the `ProcessPilot` that owns the server; `options` are the pilot's `controlServer` options. */
export type ControlServerFactory = (pilot: PilotApi, options: ControlServerOptions) => ControlServer;

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

/**
The lines of one chunk a child wrote (the `log-block` event): `count` lines joined with `\n`, without
a newline at the end; line `i` has the sequence number `firstSeq + i`, and all have one time.
*/
export type LogBlock = {
	readonly firstSeq: number;
	readonly process: string;
	readonly stream: LogStream;
	readonly text: string;
	readonly count: number;
	/** Epoch milliseconds. */
	readonly time: number;
	/** `\n${text}\n` as one piece of the text read, when there is one (a writer's cheapest input). */
	readonly framed?: string;
};

/** One row of the UI: everything the table shows about a process. Immutable. */
export type ProcessView = {
	readonly name: string;
	readonly state: ProcessState;
	readonly ready: boolean;
	readonly pid: number | null;
	/** The seed's return code: null while running, the exit code after, minus the signal number for a signal. */
	readonly returnCode: number | null;
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
	/** The delay the restart policy chose for that attempt, in ms, while in `backoff`. */
	readonly retryDelayMs: number | null;
	readonly dependencies: readonly string[];
	/** Null without a `health_check` or while the process is not running. */
	readonly health: HealthStatus | null;
	/** Set on the copies of a process with `replicas: N`: the group (the entry's name) and this copy's number. */
	readonly replica?: {readonly group: string; readonly index: number};
	/**
	Only in a fleet view (`attach HOST...`): the host label the row belongs to, and the process name
	there (`name` is then `<host>/<process>`, unique across hosts); `process` is null for the one row
	standing for a host that is not connected.
	*/
	readonly fleet?: {readonly host: string; readonly process: string | null};
};

/** One host of a fleet view, for the header's sums. */
export type HostSummary = {
	readonly host: string;
	readonly connection: 'connecting' | 'connected' | 'unreachable';
	readonly running: number;
	readonly total: number;
};

/** A restart the policy planned: when it happens and the delay it chose. */
export type Backoff = {readonly nextRetryAt: number; readonly delayMs: number};

/** Payload of the pilot's `'state-changed'` event. */
export type StateChangedEvent = {
	readonly name: string;
	readonly state: ProcessState;
	readonly reason: string | null;
	/** Set when `state` is `backoff`. */
	readonly backoff: Backoff | null;
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
	/** Only for remote views (`attach`): whether the stream to the pilot is up. */
	readonly connection?: 'connected' | 'reconnecting';
	/** Host name of the machine the pilot runs on. */
	readonly host?: string;
	/** Manifest file name or title shown in the header. */
	readonly title?: string;
	/** Only in a fleet view: every host, in the order given. */
	readonly hosts?: readonly HostSummary[];
};

/**
What a user interface or control server needs from a pilot. `ProcessPilot` implements it; the
`attach` client implements it over the control socket.
*/
export type PilotApi = {
	/** Called when the snapshot changed (rows, messages, running); never for log lines alone. */
	subscribe(listener: () => void): () => void;
	getSnapshot(): PilotSnapshot;
	/** Called (throttled) when new log lines arrived. */
	subscribeLogs(listener: () => void): () => void;
	/** The `seq` of the newest log line held; changes when new output arrived. */
	getLogSeq(): number;
	/** The last `limit` captured lines of one process, or of all processes merged when `name` is omitted. */
	getLogs(name?: string, limit?: number): readonly LogLine[];
	startProcess(name: string): Promise<void>;
	stopProcess(name: string): Promise<void>;
	restartProcesses(names: string[] | string): Promise<void>;
	stop(): Promise<void>;
	/**
	What the detail view (`i`) shows of one process; rejects for an unknown name. Optional: a view
	without it (e.g. a fleet of hosts) says the details are not available.
	*/
	getProcessDetail?(name: string): Promise<ProcessDetail>;
	/**
	Read the manifest again and apply the difference; `dryRun` only plans. Rejects with every
	problem of an invalid manifest (nothing changed). Optional: a fleet view cannot reload.
	*/
	reload?(options?: {readonly dryRun?: boolean}): Promise<ReloadResult>;
	/** Run `count` copies of a replica group (`replicas: N`); new copies start, the highest numbers stop. */
	scale?(group: string, count: number): Promise<ReloadResult>;
};
