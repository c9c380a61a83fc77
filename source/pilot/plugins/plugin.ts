import type {HookType} from '../model/process-state.js';
import type {HealthCheck} from '../model/health.js';
import type {ControlServerFactory, LifecycleHook, ReadyStrategy, StatsHandler} from '../model/pilot-api.js';

/**
Base class for plugins. Override any of the five getters; each maps names used in manifests to
functions. `name` identifies the plugin in the registry and in log lines: registering a plugin
whose name is already bound replaces the earlier one (so a custom `PipeReadyPlugin` replaces the
built-in), and within the registry a strategy, hook group, stat handler or control server name
bound by a later plugin replaces the one bound by an earlier plugin.
*/
export abstract class Plugin {
	get name(): string {
		return this.constructor.name;
	}

	getLifecycleHooks(): Record<string, Partial<Record<HookType, LifecycleHook[]>>> {
		return {};
	}

	getReadyStrategies(): Record<string, ReadyStrategy> {
		return {};
	}

	getStatsHandlers(): Record<string, StatsHandler[]> {
		return {};
	}

	getControlServers(): Record<string, ControlServerFactory> {
		return {};
	}

	/** Health check kinds, by the name `health_check.strategy` uses (built in: http, tcp, exec). */
	getHealthChecks(): Record<string, HealthCheck> {
		return {};
	}
}
