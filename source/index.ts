export {ProcessPilot, type PilotOptions, type StopResult} from './pilot/pilot.js';
export {ProcessManifest, ManifestError} from './pilot/manifest/process-manifest.js';
export type {ManifestIssue} from './pilot/manifest/manifest-error.js';
export {Process, ProcessStats, ProcessRuntimeInfo, type ProcessStatus, type ProcessConfig} from './pilot/model/process-model.js';
export {ProcessNotFoundError} from './pilot/model/process-not-found-error.js';
export type {ProcessState, ExitInfo, HookType, ShutdownStrategy} from './pilot/model/process-state.js';
export {Plugin} from './pilot/plugins/plugin.js';
export {FileReadyPlugin, TCPReadyPlugin, PipeReadyPlugin, HttpControlPlugin, TcpControlPlugin} from './pilot/plugins/built-in-plugins.js';
export {nextRestartDelay, type RestartDecision} from './pilot/engine/restart-policy.js';
export type {LoggerOptions, LogLevel} from './pilot/model/logger.js';
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
} from './pilot/model/pilot-api.js';
export type {ProcessDetail, ExitRecord, GroupMember, EnvEntry, LinkedProcess, ReadyDetail, HealthDetail, RestartDetail} from './pilot/model/process-detail.js';
export {dependencyTree, formatDependencyTree, type TreeLine} from './pilot/manifest/dependency-tree.js';
export {toMermaid} from './pilot/manifest/mermaid-graph.js';
export {defaultLogDir} from './pilot/output/log-dir.js';
export type {ReloadPlan, ReloadResult, RestartEntry, SettingChange} from './pilot/model/reload-result.js';
export {planReload, formatPlan, type ProcessDefinition, type ManifestDefinition} from './pilot/engine/reload-plan.js';
export {watchManifest} from './pilot/engine/watch-manifest.js';
export type {LogSettings} from './pilot/manifest/log-settings.js';
