export {ProcessPilot, type PilotOptions, type StopResult} from './pilot/pilot.js';
export {ProcessManifest, ManifestError} from './pilot/manifest.js';
export type {ManifestIssue} from './pilot/manifest-error.js';
export {Process, ProcessStats, ProcessRuntimeInfo, type ProcessStatus, type ProcessConfig} from './pilot/process.js';
export type {ProcessState, ExitInfo, HookType, ShutdownStrategy} from './pilot/process-state.js';
export {Plugin} from './pilot/plugin.js';
export {FileReadyPlugin, TCPReadyPlugin, PipeReadyPlugin, HttpControlPlugin, TcpControlPlugin} from './pilot/plugins/index.js';
export {nextRestartDelay, type RestartDecision} from './pilot/restart-policy.js';
export type {LoggerOptions, LogLevel} from './pilot/logger.js';
export type {
	ControlServer,
	ControlServerFactory,
	LifecycleHook,
	LogLine,
	PilotApi,
	PilotMessage,
	PilotSnapshot,
	ProcessView,
	ReadyContext,
	ReadyStrategy,
	StatsHandler,
} from './pilot/types.js';
