import type {ProcessStatus} from '../../../model/process-model.js';
import type {LogLine, PilotApi, PilotSnapshot, ProcessView} from '../../../model/pilot-api.js';

/** Every route of the HTTP control API starts with this. */
export const apiPrefix = '/v1';

/** One process as `GET /v1/processes` reports it: the seed's `ProcessStatus` plus the table's stats. */
export type ProcessEntry = ProcessStatus & Pick<ProcessView,
	'ready' | 'cpuPercent' | 'memoryMb' | 'maxCpuPercent' | 'maxMemoryMb' | 'restarts' | 'startedAt' | 'lastExit' | 'reason' | 'dependencies' | 'health' | 'replica'>;

/** `GET /v1/info`. */
export type PilotInfo = {
	readonly host: string;
	readonly pid: number;
	readonly title: string;
	readonly isRunning: boolean;
	readonly startedAt: number | null;
	/** Absolute path of the manifest the pilot runs (null for a manifest built in memory); `pilot-tui ls` shows it. */
	readonly manifest: string | null;
};

/** `GET /v1/processes`. */
export type ProcessList = PilotInfo & {readonly processes: readonly ProcessEntry[]};

/** Error replies: `{error}` with a human sentence. */
export type ErrorReply = {readonly error: string};

/** One message of `GET /v1/events` (an NDJSON line, or an SSE event whose name is `type`). */
export type StreamMessage =
	| {readonly type: 'hello'; readonly host: string; readonly pid: number; readonly title: string}
	/** The whole snapshot: first on every connection. */
	| {readonly type: 'snapshot'; readonly snapshot: PilotSnapshot}
	/**
	After that, every change: the snapshot without its rows, the names of all rows in order, and
	only the rows that changed since the last message (unchanged rows keep their identity).
	*/
	| {readonly type: 'update'; readonly snapshot: Omit<PilotSnapshot, 'processes'>; readonly order: readonly string[]; readonly rows: readonly ProcessView[]}
	/** `reset`: these lines replace whatever the client kept (sent first on every connection). */
	| {readonly type: 'logs'; readonly lines: readonly LogLine[]; readonly reset?: boolean}
	| {readonly type: 'event'; readonly name: string; readonly data: unknown}
	| {readonly type: 'ping'; readonly time: number};

/** What the control servers use of a pilot beyond `PilotApi`; `ProcessPilot` has all of it. */
export type ControlledPilot = PilotApi & {
	readonly manifest?: {readonly filePath?: string | null};
	on?: (event: string, listener: (data: unknown) => void) => unknown;
	off?: (event: string, listener: (data: unknown) => void) => unknown;
	/** Log files of the processes, so that `ctl logs` can read history beyond the ring buffer. */
	logFilePaths?: () => {readonly files: ReadonlyMap<string, string>};
};

/** The entry of one process: its table row, which also holds the seed's `ProcessStatus`. */
export function toProcessEntry(view: ProcessView): ProcessEntry {
	return {
		name: view.name,
		pid: view.pid,
		status: view.state,
		returnCode: view.returnCode,
		ready: view.ready,
		cpuPercent: view.cpuPercent,
		memoryMb: view.memoryMb,
		maxCpuPercent: view.maxCpuPercent,
		maxMemoryMb: view.maxMemoryMb,
		restarts: view.restarts,
		startedAt: view.startedAt,
		lastExit: view.lastExit,
		reason: view.reason,
		dependencies: view.dependencies,
		// Rows from an older pilot (attach to a running one) have no health.
		health: view.health ?? null,
		...(view.replica ? {replica: view.replica} : {}),
	};
}
