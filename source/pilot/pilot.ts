import {type ChildProcess, spawn} from 'node:child_process';
import {systemProcessGroups} from './os/process-group.js';
import diagnosticsChannel from 'node:diagnostics_channel';
import {EventEmitter} from 'node:events';
import {hostname} from 'node:os';
import {basename} from 'node:path';
import {setAffinityOfPid} from './os/affinity.js';
import {deferred} from './model/deferred.js';
import {EscapeeSweeper} from './os/procfs/escapee-sweeper.js';
import {runLifecycleHooks} from './engine/lifecycle-hooks.js';
import {createLogger, type Logger} from './model/logger.js';
import type {ProcessManifest} from './manifest/process-manifest.js';
import type {LogSettings} from './manifest/log-settings.js';
import {OrphanGuard} from './os/orphan-guard.js';
import {PilotStore} from './engine/pilot-store.js';
import {storeStateCell} from './engine/store-state-cell.js';
import {childEnvironment} from './os/child-environment.js';
import {ProcessNotFoundError} from './model/process-not-found-error.js';
import type {Plugin} from './plugins/plugin.js';
import {importPlugins} from './plugins/plugin-loader.js';
import {PluginRegistry} from './plugins/plugin-registry.js';
import {builtinPlugins} from './plugins/built-in-plugins.js';
import type {Process, ProcessStatus} from './model/process-model.js';
import type {HookType} from './model/process-state.js';
import {SupervisedProcess} from './engine/supervised-process.js';
import {checkLogLines, checkSeconds, initialRow, type PilotOptions} from './engine/pilot-options.js';
import {createStarter} from './engine/start-in-order.js';
import {stopInOrder} from './engine/stop-in-order.js';
import type {SpawnFunction, SupervisorContext} from './engine/supervisor-context.js';
import {reloadPilot, type PilotReloadHost, type ReloadOptions, type ReloadResult} from './engine/reload-pilot.js';
import {LogRing, RingBlock} from './output/log-ring.js';
import type {LineBlock} from './output/line-block.js';
import {LogFiles, logFilePaths} from './output/log-files.js';
import type {LogFs} from './output/log-rotation.js';
import {StatsCollector} from './engine/stats-collector.js';
import {ExitHistory} from './engine/exit-history.js';
import {buildProcessDetail} from './engine/build-process-detail.js';
import {GroupMembersReader} from './os/procfs/group-members.js';
import {HealthHistory} from './engine/health-history.js';
import type {ProcessDetail} from './model/process-detail.js';
import type {ControlServer, ControlServerOptions, LogBlock, LogLine, LogStream, PilotApi, PilotSnapshot} from './model/pilot-api.js';

export type {PilotOptions} from './engine/pilot-options.js';

/** Published when `start()` is called, for benchmarks and tracing (free while nobody listens). */
const startChannel = diagnosticsChannel.channel('pilot-tui:start');

export type StopResult = {
	readonly failed: boolean;
	readonly reason: string | null;
	/** Set when the pilot stopped because `start()` failed (a control server that could not start): what `start()` throws. */
	readonly startError?: Error;
};

/** Supervises the processes of a manifest. See BEHAVIOUR.md §3 for what it does and why. */
export class ProcessPilot extends EventEmitter implements PilotApi {
	readonly processPollInterval: number;
	readonly readyCheckInterval: number;
	readonly logger: Logger;
	readonly registry: PluginRegistry;
	readonly #units = new Map<string, SupervisedProcess>();
	readonly #store: PilotStore;
	readonly #logs = new Map<string, LogRing>();
	readonly #allLogs: LogRing;
	readonly #stats: StatsCollector;
	readonly #spawn: SpawnFunction;
	readonly #sweeper = new EscapeeSweeper();
	/** The last exits of each process, for the detail view; a pilot-made exit is one seen while `stopping`. */
	readonly #exits = new ExitHistory(this, name => this.#units.get(name)?.view.state === 'stopping');
	readonly #members = new GroupMembersReader();
	readonly #healthChanges: HealthHistory;
	readonly #sampleStats: boolean;
	#logSeq = 0;
	readonly #logLines: number;
	readonly #unitContext: SupervisorContext;
	/** Reloads and scales, one at a time. */
	#reloads: Promise<unknown> = Promise.resolve();
	#isRunning = false;
	#isShuttingDown = false;
	#pluginsLoading: Promise<void> = Promise.resolve();
	#guard: OrphanGuard | undefined;
	#statsTimer: NodeJS.Timeout | undefined;
	#controlServer: ControlServer | undefined;
	#stopping: Promise<void> | undefined;
	#failure: string | null = null;
	#startError: Error | undefined;
	readonly #controlOptions: ControlServerOptions;
	#logFiles: LogFiles | undefined;
	readonly #logDir: string | undefined;
	readonly #logFs: LogFs | undefined;
	#stopped = deferred<StopResult>();
	/** What every child's environment starts from (see #readEnvironment). */
	#childEnv: Record<string, string> = {};
	readonly #killOnExit = () => {
		this.#guard?.killAllSync('SIGKILL');
	};

	constructor(public manifest: ProcessManifest, options: PilotOptions = {}) {
		super();
		this.processPollInterval = checkSeconds('processPollInterval', options.processPollInterval, 1);
		this.readyCheckInterval = checkSeconds('readyCheckInterval', options.readyCheckInterval, 0.1);
		this.logger = createLogger(options.logger);
		this.#spawn = options.spawn ?? spawn;
		this.#sampleStats = options.sampleStats ?? true;
		this.#controlOptions = options.controlServer ?? {};
		this.#logDir = options.logDir;
		this.#logFs = options.logFs;
		const logLines = checkLogLines(options.logLines);
		this.#allLogs = new LogRing(logLines * 2);
		const title = manifest.filePath ? basename(manifest.filePath) : 'pilot-tui';
		this.#store = new PilotStore(manifest.processes.map(process => initialRow(process)), title, hostname());
		this.#healthChanges = new HealthHistory(this.#store);
		// Shown on the UI's message line: a misspelt key often explains what happens next.
		for (const warning of manifest.warnings) {
			this.#store.addMessage('warn', warning);
		}

		this.registry = new PluginRegistry(text => {
			this.logger.warn(text);
		});
		this.#stats = new StatsCollector(this.#store, (level, text) => {
			this.#report(level, text);
		}, handler => this.registry.statsHandlerName(handler));
		this.registry.register(builtinPlugins());
		this.#logLines = logLines;
		this.#unitContext = {
				store: this.#store,
				readyCheckInterval: this.readyCheckInterval,
				get env() {
					return envFor();
				},
				spawn: (file, args, options) => this.#spawn(file, args, options),
				processGroups: options.processGroups ?? systemProcessGroups,
				logLines: (name, stream, block) => {
					this.#logChunk(name, stream, block);
				},
				report: (level, text, name) => {
					this.#report(level, text, name);
				},
				emit: (event, payload) => this.emit(event, payload),
				track: pgid => this.#guard?.track(pgid),
				untrack: pgid => this.#guard?.untrack(pgid),
				runEnded: (runId, pgid) => {
					this.#sweeper.runEnded(runId, pgid);
				},
				isShuttingDown: () => this.#isShuttingDown,
				shutdownEverything: (name, failed) => {
					this.#failure ??= failed ? `'${name}' exited and its shutdown_strategy is shutdown_everything` : null;
					void this.stop();
				},
			} as const;
		for (const process of manifest.processes) {
			this.#addUnit(process);
		}

		const envFor = (): Record<string, string> => this.#childEnv;
		if (options.pluginDirectory) {
			this.#pluginsLoading = this.loadPlugins(options.pluginDirectory);
			this.#pluginsLoading.catch(() => undefined);
		}
	}

	static async executeLifecycleHooks(process: Process, child: ChildProcess | undefined, hookType: HookType): Promise<Error[]> {
		return runLifecycleHooks(process, child, hookType);
	}

	async loadPlugins(directory: string): Promise<void> {
		this.registerPlugins(await importPlugins(directory));
	}

	registerPlugins(plugins: Plugin[]): void {
		this.registry.register(plugins);
	}

	async setProcessAffinity(child: ChildProcess, affinity: number[] | null): Promise<void> {
		if (!affinity || child.pid === undefined) {
			return;
		}

		if (!await setAffinityOfPid(child.pid, affinity)) {
			this.#report('warn', `Could not set the CPU affinity of pid ${child.pid}; it runs unpinned`);
		}
	}

	isRunning(): boolean {
		return this.#isRunning;
	}

	getManifestProcesses(): Process[] {
		return this.manifest.processes;
	}

	getProcessByName(name: string): Process | undefined {
		return this.#units.get(name)?.process;
	}

	getRunningProcess(): ProcessStatus[];
	getRunningProcess(id: number | string): ProcessStatus | undefined;
	getRunningProcess(id?: number | string): ProcessStatus[] | ProcessStatus | undefined {
		const live = [...this.#units.values()].filter(unit => unit.child?.pid !== undefined).map(unit => unit.process.getStatus());
		if (id === undefined) {
			return live;
		}

		return live.find(status => (typeof id === 'number' ? status.pid === id : status.name === id));
	}

	subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

	subscribeLogs = (listener: () => void): (() => void) => this.#store.logs.subscribe(listener);

	getLogSeq = (): number => this.#logSeq;

	getSnapshot = (): PilotSnapshot => this.#store.getSnapshot();

	/** What the detail view shows of one process: command, environment (secrets masked), exits, group members... */
	// eslint-disable-next-line @typescript-eslint/require-await -- async so that an unknown name rejects, as callers expect, instead of throwing
	async getProcessDetail(name: string): Promise<ProcessDetail> {
		const unit = this.#unit(name);
		const {view} = unit;
		const members = view.pid === null ? [] : this.#members.read(view.pid);
		return buildProcessDetail({process: unit.process, view, views: this.getSnapshot().processes, exits: this.#exits.of(name), members, healthChanges: this.#healthChanges.of(name), variables: this.manifest.variables.used.map(variable => [variable.name, variable.value] as const)});
	}

	getLogs(name?: string, limit?: number): readonly LogLine[] {
		const buffer = name === undefined ? this.#allLogs : this.#logs.get(name);
		return buffer ? buffer.last(limit) : [];
	}

	/** The log file of each process and `pilot.log`, where configured (they exist once the pilot started). */
	logFilePaths(): {files: Map<string, string>; pilot: string | null} {
		return logFilePaths(this.#logSettings(), [...this.#units.keys()]);
	}

	/** Adds a line to `pilot.log` (when there is a log_dir) without showing it on the message line. */
	writePilotLog(level: 'info' | 'warn' | 'error', text: string): void {
		this.#logFiles?.writePilot(level, text);
	}

	/** Resolves once every log line captured so far is on disk (or its disk is failing). */
	async flushLogFiles(): Promise<void> {
		await this.#logFiles?.flush();
	}

	#logSettings(): LogSettings {
		const settings = this.manifest.logging;
		return settings.dir === null && this.#logDir !== undefined ? {...settings, dir: this.#logDir} : settings;
	}

	/** Resolves when the pilot stops, by `stop()` or on its own; `failed` tells whether something failed. */
	whenStopped(): Promise<StopResult> {
		return this.#stopped.promise;
	}

	async start(): Promise<void> {
		if (startChannel.hasSubscribers) {
			startChannel.publish({pilot: this});
		}

		if (this.#isRunning) {
			throw new Error('ProcessPilot is already running');
		}

		await this.#pluginsLoading;
		const serverName = this.manifest.control_server;
		const serverFactory = serverName ? this.registry.controlServers.get(serverName) : undefined;
		if (serverName && !serverFactory) {
			throw new Error(`Control server '${serverName}' not found`);
		}

		if (this.#units.size === 0) {
			throw new Error('No processes to start');
		}

		this.#bindPlugins();
		this.#logFiles = await LogFiles.open({settings: this.#logSettings(), processNames: [...this.#units.keys()], logFs: this.#logFs, report: (level, text) => {
			this.#report(level, text);
		}});
		this.#logFiles.writePilot('info', `pilot started (pid ${process.pid})`);
		this.#isRunning = true;
		this.#isShuttingDown = false;
		this.#failure = null;
		this.#startError = undefined;
		this.#stopped = deferred<StopResult>();
		this.#ensureGuard();
		this.#readEnvironment();
		this.#store.patchPilot({isRunning: true, startedAt: Date.now()});
		if (this.#sampleStats) {
			this.#statsTimer = setInterval(() => void this.#stats.tick(this.#units.values()), this.processPollInterval * 1000);
			this.#statsTimer.unref();
		}

		if (serverFactory) {
			try {
				this.#controlServer = serverFactory(this, this.#controlOptions);
				await this.#controlServer.start();
				if (this.#controlServer.warning) {
					this.#report('warn', this.#controlServer.warning);
				}
			} catch (error) {
				this.#controlServer = undefined;
				// Carried in the StopResult too, so a caller waiting for the stop learns why without a race.
				const startError = new Error(`Control server '${serverName}' could not start: ${(error as Error).message}`, {cause: error});
				this.#failure = startError.message;
				this.#startError = startError;
				await this.stop();
				throw startError;
			}
		}

		const startInOrder = createStarter(name => this.#unit(name), () => this.#isRunning && !this.#isShuttingDown);
		await Promise.all([...this.#units.values()].map(async unit => startInOrder(unit)));
	}

	async stop(): Promise<void> {
		if (!this.#isRunning) {
			return;
		}

		this.#stopping ??= this.#stopAll().finally(() => {
			this.#stopping = undefined;
		});
		return this.#stopping;
	}

	async startProcess(name: string): Promise<void> {
		const unit = this.#unit(name);
		this.#bindPlugins();
		this.#ensureGuard();
		this.#readEnvironment();
		await unit.start();
	}

	async stopProcess(name: string): Promise<void> {
		await this.#unit(name).stop();
	}

	/**
	Restart the named processes (all names are checked first). Several are restarted level by level
	in dependency order, the processes of one level together: a dependent restarts once what it
	depends on is back and ready (or has failed), so it never comes up against a half-started one.
	*/
	async restartProcesses(names: string[] | string): Promise<void> {
		const selected = new Set((Array.isArray(names) ? names : [names]).map(name => this.#unit(name)));
		this.#bindPlugins();
		this.#ensureGuard();
		this.#readEnvironment();
		for (const level of this.manifest.levels()) {
			const units = level.map(process => this.#unit(process.name)).filter(unit => selected.has(unit));
			await Promise.all(units.map(async unit => unit.restart()));
			if (units.length < selected.size) {
				await Promise.all(units.map(async unit => unit.whenSettled()));
			}
		}
	}

	/**
	Read the manifest file again, check it completely and apply the difference (see `reloadPilot`):
	new processes start, removed ones stop, changed ones restart, the others are not touched. An
	invalid manifest changes nothing and rejects with its `ManifestError`. `dryRun`: only the plan.
	*/
	async reload(options: ReloadOptions = {}): Promise<ReloadResult> {
		return this.#runReload(async () => reloadPilot(this.#reloadHost(), {kind: 'reload', dryRun: options.dryRun ?? false}));
	}

	/** Run `count` copies of the replica group `group` (`name: web` with `replicas`): new copies start, the highest numbers stop. */
	async scale(group: string, count: number): Promise<ReloadResult> {
		return this.#runReload(async () => reloadPilot(this.#reloadHost(), {kind: 'scale', group, count, dryRun: false}));
	}

	async #runReload(run: () => Promise<ReloadResult>): Promise<ReloadResult> {
		const result = this.#reloads.then(async () => {
			this.#readEnvironment();
			return run();
		});
		this.#reloads = result.catch(() => undefined);
		return result;
	}

	#reloadHost(): PilotReloadHost {
		return {
			current: this.manifest,
			unitNamed: (name: string) => this.#unit(name),
			isRunning: (name: string) => this.#units.get(name)?.child !== undefined,
			isActive: () => this.#isRunning && !this.#isShuttingDown,
			checkPlugins: (processes: readonly Process[]) => {
				this.#bindPlugins(processes);
			},
			install: (next: ProcessManifest) => {
				this.#install(next);
			},
			report: (level: 'info' | 'warn' | 'error', text: string) => {
				this.#report(level, text);
			},
			writePilotLog: (level: 'info' | 'warn' | 'error', text: string) => {
				this.writePilotLog(level, text);
			},
			emit: (event: string, payload: unknown) => this.emit(event, payload),
			onTimeout: () => {
				this.#report('warn', `Not everything stopped within kill_timeout ${this.manifest.kill_timeout}s; sending SIGKILL to what is left`);
			},
		};
	}

	/** Make `next` the manifest: units for its new processes, none for removed ones, each unit with its new definition, rows in its order. */
	#install(next: ProcessManifest): void {
		const names = new Set(next.processes.map(process => process.name));
		for (const name of [...this.#units.keys()].filter(name => !names.has(name))) {
			this.#units.delete(name);
			this.#logs.delete(name);
		}

		this.#store.setRows(next.processes, process => initialRow(process));
		const units = new Map(this.#units);
		this.#units.clear();
		for (const process of next.processes) {
			const unit = units.get(process.name);
			if (unit) {
				process.attachState(storeStateCell(this.#store, process.name));
				unit.adopt(process);
				this.#units.set(process.name, unit);
				this.#store.patchRow(process.name, {dependencies: process.dependencies});
			} else {
				this.#addUnit(process);
			}
		}

		// The plugins were bound to the new processes when the reload checked them.
		this.manifest = next;
		void this.#logFiles?.add(next.processes.map(process => process.name));
	}

	#addUnit(process: Process): void {
		process.attachState(storeStateCell(this.#store, process.name));
		this.#logs.set(process.name, new LogRing(this.#logLines));
		this.#units.set(process.name, new SupervisedProcess(process, this.#unitContext));
	}

	#unit(name: string): SupervisedProcess {
		const unit = this.#units.get(name);
		if (!unit) {
			throw new ProcessNotFoundError(name, [...this.#units.keys()]);
		}

		return unit;
	}

	#bindPlugins(processes: readonly Process[] = [...this.#units.values()].map(unit => unit.process)): void {
		const missing: string[] = [];
		for (const process of processes) {
			const result = this.registry.bind(process);
			if (result.missingStrategy) {
				missing.push(`Ready strategy '${result.missingStrategy}' of process '${process.name}' is not provided by any plugin`);
			}

			if (result.missingHealthCheck) {
				missing.push(`Health check '${result.missingHealthCheck}' of process '${process.name}' is not provided by any plugin (built in: ${[...this.registry.healthChecks.keys()].join(', ')})`);
			}

			for (const hook of result.missingHooks) {
				this.#report('warn', `Lifecycle hook '${hook}' of process '${process.name}' is not provided by any plugin`, process.name);
			}

			for (const handler of result.missingHandlers) {
				this.#report('warn', `Stat handler '${handler}' of process '${process.name}' is not provided by any plugin`, process.name);
			}
		}

		if (missing.length > 0) {
			throw new Error(missing.join('\n'));
		}
	}

	/**
	The pilot's environment for its children, read when a call starts processes (start,
	startProcess, restartProcesses, reload, scale): a copy of process.env costs 0.1-0.5 ms, too
	much for every spawn. Automatic restarts and dependents reuse it (as their first run got it).
	*/
	#readEnvironment(): void {
		this.#childEnv = {...childEnvironment(process.env), ...this.#guard?.marker};
	}

	#ensureGuard(): void {
		if (this.#guard) {
			return;
		}

		this.#guard = new OrphanGuard();
		this.#guard.start();
		process.on('exit', this.#killOnExit);
	}

	async #stopAll(): Promise<void> {
		this.#isShuttingDown = true;
		clearInterval(this.#statsTimer);
		this.#stats.close();
		try {
			await this.#controlServer?.stop();
		} catch (error) {
			this.#report('warn', `Control server did not stop cleanly: ${(error as Error).message}`);
		}

		this.#controlServer = undefined;
		const levels = this.manifest.levels().map(level => level.map(process => this.#unit(process.name)));
		await stopInOrder(levels, this.manifest.kill_timeout, () => {
			this.#report('warn', `Not everything stopped within kill_timeout ${this.manifest.kill_timeout}s; sending SIGKILL to what is left`);
		});
		this.#guard?.close();
		this.#guard = undefined;
		this.#logFiles?.writePilot('info', this.#failure === null ? 'pilot stopped' : `pilot stopped: ${this.#failure}`);
		await this.#logFiles?.close();
		this.#logFiles = undefined;
		process.off('exit', this.#killOnExit);
		this.#isRunning = false;
		this.#isShuttingDown = false;
		this.#store.patchPilot({isRunning: false});
		const result: StopResult = {failed: this.#failure !== null, reason: this.#failure, ...(this.#startError ? {startError: this.#startError} : {})};
		this.emit('stopped', result);
		this.#stopped.resolve(result);
	}

	/**
	The lines of one chunk, as a few blocks: one time, one write to the log file and one `log-block`
	event (the headless output listens to it) per block. `LogLine`s are made only for who asks for
	them: `log` and `logs` listeners, and readers of the ring buffers.
	*/
	#logChunk(name: string, stream: LogStream, blocks: readonly LineBlock[]): void {
		const time = Date.now();
		const buffer = this.#logs.get(name);
		const isLineHeard = this.listenerCount('log') > 0 || this.listenerCount('logs') > 0;
		for (const {text, count, bytes, framed} of blocks) {
			const block: LogBlock = {firstSeq: this.#logSeq + 1, process: name, stream, text, count, time, ...(framed === undefined ? {} : {framed})};
			this.#logSeq += count;
			const kept = new RingBlock(block, bytes);
			buffer?.push(kept);
			this.#allLogs.push(kept);
			const lines = isLineHeard ? kept.lines(text) : [];
			for (const line of lines) {
				this.emit('log', line);
			}

			this.#logFiles?.writeBlock(name, stream, time, block);
			this.emit('log-block', block);
			if (isLineHeard) {
				this.emit('logs', lines);
			}
		}

		this.#store.noteLog();
	}

	#report(level: 'info' | 'warn' | 'error', text: string, name?: string): void {
		this.logger[level](text);
		this.#logFiles?.writePilot(level, name === undefined ? text : `[${name}] ${text}`);
		this.emit('message', this.#store.addMessage(level, text, name));
	}
}
