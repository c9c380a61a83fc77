import type {ExitInfo, ProcessState, ShutdownStrategy} from './process-state.js';

/** One ended run of a process. */
export type ExitRecord = {
	readonly pid: number;
	/** Epoch ms when the run was spawned and when it exited. */
	readonly startedAt: number;
	readonly endedAt: number;
	readonly exit: ExitInfo;
	/** True when the pilot ended the run (stop, restart, shutdown), false when it ended on its own. */
	readonly wasStopped: boolean;
};

/** One live member of a process's group. */
export type GroupMember = {
	readonly pid: number;
	readonly ppid: number;
	/** The command line as /proc shows it (arguments joined by spaces). */
	readonly command: string;
	/** 100 = one full core, since the previous reading (since the member started, at first). */
	readonly cpuPercent: number;
	readonly memoryMb: number;
};

/** One variable of the environment the pilot adds for the process. */
export type EnvEntry = {
	readonly name: string;
	/** Masked (`********`) when the name looks like a secret. */
	readonly value: string;
	readonly isMasked: boolean;
	/** Where it comes from: `env` (the manifest) or the path of an env file. */
	readonly source: string;
};

/** A process this one waits for, or that waits for it. */
export type LinkedProcess = {
	readonly name: string;
	readonly state: ProcessState;
	readonly ready: boolean;
};

export type ReadyDetail = {
	/** Null: ready as soon as it is spawned. */
	readonly strategy: string | null;
	readonly params: Readonly<Record<string, unknown>>;
	readonly timeoutSec: number;
	/** `none`: no strategy; `waiting`: the check runs; `passed`: ready; `not-run`: no live run. */
	readonly state: 'none' | 'waiting' | 'passed' | 'not-run';
};

/** A liveness check and its recent results, when the process has one. */
export type HealthDetail = {
	/** E.g. `http (every 10s, 3 retries)`. */
	readonly check: string;
	/** E.g. `healthy`, `unhealthy: HTTP 500`. */
	readonly state: string;
	/** The last results, newest first, as short lines. */
	readonly results: readonly string[];
};

export type RestartDetail = {
	readonly strategy: ShutdownStrategy;
	readonly minUptimeSec: number;
	readonly delaySec: number;
	readonly maxDelaySec: number;
	readonly maxRestarts: number | null;
	readonly restarts: number;
	/** Epoch ms of the next attempt while in `backoff`. */
	readonly nextRetryAt: number | null;
};

/** Everything the detail view shows about one process (`i` in the TUI, `GET /v1/processes/:name/detail`). Plain JSON. */
export type ProcessDetail = {
	readonly name: string;
	readonly state: ProcessState;
	readonly ready: boolean;
	readonly pid: number | null;
	readonly startedAt: number | null;
	readonly reason: string | null;
	/** The resolved executable followed by its arguments, as spawned. */
	readonly command: readonly string[];
	readonly workingDirectory: string | null;
	readonly env: readonly EnvEntry[];
	readonly readiness: ReadyDetail;
	readonly health: HealthDetail | null;
	readonly dependencies: readonly LinkedProcess[];
	readonly dependents: readonly LinkedProcess[];
	readonly affinity: readonly number[] | null;
	readonly restart: RestartDetail;
	/** The last 10 exits, newest first. */
	readonly exits: readonly ExitRecord[];
	/** The live members of the process group; null where the OS cannot tell (no /proc). */
	readonly members: readonly GroupMember[] | null;
};
