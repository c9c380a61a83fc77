import type {Plugin} from './plugin.js';
import type {Process} from '../model/process-model.js';
import {hookTypes, type HookType} from '../model/process-state.js';
import type {HealthCheck} from '../model/health.js';
import type {ControlServerFactory, LifecycleHook, ReadyStrategy, StatsHandler} from '../model/pilot-api.js';

/**
The registered plugins and the names they provide. A plugin whose `name` is already registered
replaces the earlier one; among different plugins, a name (strategy, hook group, stat handler,
control server) bound by a plugin registered later replaces the one bound earlier.
*/
export class PluginRegistry {
	readonly plugins = new Map<string, Plugin>();
	readyStrategies = new Map<string, ReadyStrategy>();
	lifecycleHooks = new Map<string, Partial<Record<HookType, LifecycleHook[]>>>();
	statsHandlers = new Map<string, StatsHandler[]>();
	controlServers = new Map<string, ControlServerFactory>();
	healthChecks = new Map<string, HealthCheck>();
	#handlerNames = new WeakMap<StatsHandler, string>();

	constructor(private readonly warn: (message: string) => void) {}

	register(plugins: readonly Plugin[]): void {
		for (const plugin of plugins) {
			if (this.plugins.has(plugin.name)) {
				this.warn(`Plugin ${plugin.name} already registered--overwriting`);
			}

			this.plugins.set(plugin.name, plugin);
		}

		this.#rebuild();
	}

	/** The name a stat handler is registered under. */
	statsHandlerName(handler: StatsHandler): string | undefined {
		return this.#handlerNames.get(handler);
	}

	/** Point a process's function fields at what its manifest names; returns the names no plugin provides. */
	bind(process: Process): {missingStrategy?: string; missingHealthCheck?: string; missingHooks: string[]; missingHandlers: string[]} {
		const missingHooks: string[] = [];
		const missingHandlers: string[] = [];
		process.lifecycleHookFunctions = {pre_start: [], post_start: [], on_shutdown: [], on_restart: []};
		for (const name of process.lifecycle_hooks) {
			const group = this.lifecycleHooks.get(name);
			if (!group) {
				missingHooks.push(name);
				continue;
			}

			for (const type of hookTypes) {
				process.lifecycleHookFunctions[type].push(...(group[type] ?? []));
			}
		}

		process.statsHandlerFunctions = [];
		for (const name of process.stat_handlers) {
			const handlers = this.statsHandlers.get(name);
			if (handlers) {
				process.statsHandlerFunctions.push(...handlers);
			} else {
				missingHandlers.push(name);
			}
		}

		process.readyStrategyFunction = process.ready_strategy ? this.readyStrategies.get(process.ready_strategy) : undefined;
		const missingStrategy = process.ready_strategy && !process.readyStrategyFunction ? process.ready_strategy : undefined;
		const healthKind = process.health_check?.strategy;
		process.healthCheckFunction = healthKind ? this.healthChecks.get(healthKind) : undefined;
		const missingHealthCheck = healthKind && !process.healthCheckFunction ? healthKind : undefined;
		return {...(missingStrategy ? {missingStrategy} : {}), ...(missingHealthCheck ? {missingHealthCheck} : {}), missingHooks, missingHandlers};
	}

	#rebuild(): void {
		this.readyStrategies = new Map();
		this.lifecycleHooks = new Map();
		this.statsHandlers = new Map();
		this.controlServers = new Map();
		this.healthChecks = new Map();
		this.#handlerNames = new WeakMap();
		for (const plugin of this.plugins.values()) {
			for (const [name, strategy] of Object.entries(plugin.getReadyStrategies())) {
				this.readyStrategies.set(name, strategy);
			}

			for (const [name, hooks] of Object.entries(plugin.getLifecycleHooks())) {
				this.lifecycleHooks.set(name, hooks);
			}

			for (const [name, handlers] of Object.entries(plugin.getStatsHandlers())) {
				this.statsHandlers.set(name, handlers);
				for (const handler of handlers) {
					this.#handlerNames.set(handler, name);
				}
			}

			for (const [name, factory] of Object.entries(plugin.getControlServers())) {
				this.controlServers.set(name, factory);
			}

			// A plugin object written before health checks existed has no getHealthChecks.
			const older = plugin as Partial<Pick<Plugin, 'getHealthChecks'>>;
			for (const [name, check] of Object.entries(older.getHealthChecks ? plugin.getHealthChecks() : {})) {
				this.healthChecks.set(name, check);
			}
		}
	}
}
