import fs from 'node:fs';
import path from 'node:path';
import {checkAffinity} from './validate-affinity.js';
import {buildManifest} from './build-manifest.js';
import type {ValidationContext} from './validation-context.js';
import {fileError, formatManifestIssue, IssueSink, ManifestError, type ManifestIssue} from './manifest-error.js';
import {checkDependencies, dependencyLevels, findCycles} from './dependency-graph.js';
import {resolveProcessPaths, setWorkingDirectories} from './validate-paths.js';
import {checkReadyConfig} from './validate-ready.js';
import {formatField, readManifestSource, type FieldPath, type Locator, type ManifestFormat, type ManifestSource} from './read-source.js';
import {Process, type ProcessConfig} from '../model/process-model.js';
import {resolveUserPath} from '../os/resolve-executable.js';
import {interpolateManifest, type ManifestVariables} from './manifest-variables.js';
import {applyEnvFiles, processNameAt} from './process-env-files.js';
import {defaultLogSettings, resolveLogSettings, type LogSettings} from './log-settings.js';
import type {HangupMode} from './hangup-mode.js';
import {expandGroupDependencies, expandReplicas} from './expand-replicas.js';
import {coerceInterpolatedNumbers} from './numeric-fields.js';
import {knownEntry} from '../model/known-entry.js';
import {errorText} from '../model/error-text.js';

export {ManifestError, formatManifestIssue, type ManifestIssue} from './manifest-error.js';

export type ManifestLoadOptions = {
	/** Unknown keys are errors instead of warnings. */
	readonly strict?: boolean;
	/** Where `${VAR}` looks first (default `process.env`). */
	readonly environment?: NodeJS.ProcessEnv;
	/** Copies per replica group, over each entry's `replicas` (what `ctl scale` set). */
	readonly replicas?: Readonly<Record<string, number>>;
};

export type ManifestInit = {
	processes: Array<Process | ProcessConfig>;
	control_server?: string | null;
	kill_timeout?: number;
	base_directory?: string | null;
	on_hangup?: HangupMode;
	/** Log files (absolute paths); none by default. */
	logging?: LogSettings;
};

type IssueOptions = {severity?: 'error' | 'warning'; key?: boolean};

/** What a loader hands to the checks: parsed data and, for files, how to find positions in them. */
type LoadSource = Omit<ManifestSource, 'file' | 'filePath' | 'locate'> & {
	file: string | null;
	filePath: string | null;
	locate: Locator | null;
	directory?: string;
};

const extensions: Record<string, ManifestFormat> = {'.yml': 'yaml', '.yaml': 'yaml', '.json': 'json'};

/**
The processes to supervise and the pilot's settings, as read from a manifest. The loaders check
everything and throw one `ManifestError` listing every problem. `new ProcessManifest(...)` checks
the dependency graph, as the original's constructor does (duplicate names, unknown dependencies,
cycles: a `ManifestError`, never a failure in `start()` with some processes already running) and
puts the processes in start order; the other validators can then be run on their own (they throw
a `ManifestError` too).
*/
export class ProcessManifest {
	/** In start order once validated: by dependency level, ties in manifest order. */
	processes: Process[];
	control_server: string | null;
	kill_timeout: number;
	base_directory: string | null;
	/** What the pilot does when its terminal goes away: `stop` (default) or `detach` (keep running headless). */
	on_hangup: HangupMode;
	/** Where output goes to files: `log_dir`, `log_format`, `log_max_bytes`, `log_backups` and each `log_file`, paths absolute. */
	logging: LogSettings;
	/** Absolute path of the file the manifest came from. */
	filePath: string | null = null;
	/** Formatted like errors: `file:line:col field (process): message`. */
	warnings: string[] = [];
	/** The `${VAR}`s the manifest used and what the top-level env files define. */
	variables: ManifestVariables = {used: [], fileValues: {}};
	/** `control_server` as the file says (the CLI's `--control` may have changed `control_server`). */
	fileControlServer: string | null = null;
	/** The names of the copies of each entry with `replicas`, by the entry's name. */
	replicaGroups: ReadonlyMap<string, readonly string[]> = new Map();

	/** Relative paths are resolved against this when there is no base_directory. */
	#directory: string;
	#file: string | null = null;
	#locate: Locator | null = null;
	#sourceIndex = new Map<Process, number>();
	#invalidNames = new Set<string>();
	#sink: IssueSink | null = null;
	#isStrict = false;
	/** What the manifest was loaded from, to load it again (`reload`, `withReplicas`). */
	#source: LoadSource | null = null;
	#options: ManifestLoadOptions = {};
	/** For each process entry after replica expansion, the index of the entry as written. */
	#origin: readonly number[] = [];

	constructor(init: ManifestInit = {processes: []}, options: {directory?: string} = {}) {
		this.processes = init.processes.map(entry => (entry instanceof Process ? entry : new Process(entry)));
		this.control_server = init.control_server ?? null;
		this.fileControlServer = this.control_server;
		this.kill_timeout = init.kill_timeout ?? 5;
		this.base_directory = init.base_directory ?? null;
		this.on_hangup = init.on_hangup ?? 'stop';
		this.logging = init.logging ?? defaultLogSettings;
		this.#directory = path.resolve(options.directory ?? '.');
		if (this.processes.length > 0) {
			this.resolveDependencies().orderDependencies();
		}
	}

	static fromFile(file: string, options: ManifestLoadOptions = {}): ProcessManifest {
		return guard(file, () => {
			const extension = path.extname(file).toLowerCase();
			const format = extensions[extension];
			if (!format) {
				throw fileError(file, `Unsupported manifest file type '${extension || '(no extension)'}': use .yml, .yaml or .json`);
			}

			return ProcessManifest.#load(readManifestSource(file, format), options);
		});
	}

	static fromYaml(file: string, options: ManifestLoadOptions = {}): ProcessManifest {
		return guard(file, () => ProcessManifest.#load(readManifestSource(file, 'yaml'), options));
	}

	static fromJson(file: string, options: ManifestLoadOptions = {}): ProcessManifest {
		return guard(file, () => ProcessManifest.#load(readManifestSource(file, 'json'), options));
	}

	/** A manifest from data in memory; relative paths go against base_directory, else `directory`, else the cwd. */
	static fromObject(data: unknown, options: ManifestLoadOptions & {directory?: string} = {}): ProcessManifest {
		return guard(null, () => ProcessManifest.#load({data, file: null, filePath: null, locate: null, warnings: [], directory: options.directory}, options));
	}

	static #load(source: LoadSource, options: ManifestLoadOptions): ProcessManifest {
		const directory = source.filePath ? path.dirname(source.filePath) : source.directory;
		const manifest = new ProcessManifest({processes: []}, {directory});
		manifest.filePath = source.filePath;
		manifest.#file = source.file;
		manifest.#locate = source.locate;
		manifest.#isStrict = options.strict ?? false;
		manifest.#source = source;
		manifest.#options = options;
		const sink = new IssueSink();
		for (const warning of source.warnings) {
			sink.add(warning);
		}

		const expanded = expandReplicas(source.data, options.replicas);
		manifest.#origin = expanded.origin;
		manifest.replicaGroups = expanded.groups;
		const interpolated = interpolateManifest(expanded.data, manifest.#directory, options.environment ?? process.env, (field, message) => {
			sink.add(manifest.#issue(field, processNameAt(expanded.data, field), message));
		});
		manifest.variables = interpolated.variables;
		const data = coerceInterpolatedNumbers(expanded.written, interpolated.data);
		const built = buildManifest(data, options.strict ?? false, (field, name, message, issueOptions) => {
			sink.add(manifest.#issue(field, name, message, issueOptions));
		});
		if (!built) {
			throw new ManifestError(sortIssues(sink.errors));
		}

		for (const process of built.processes) {
			process.replica = expanded.replicas.get(process.name) ?? null;
			const grouped = expandGroupDependencies(process.dependencies, process.dependency_conditions, expanded.groups);
			if (grouped) {
				process.dependencies = grouped.dependencies;
				process.dependency_conditions = grouped.conditions as Process['dependency_conditions'];
			}
		}

		manifest.processes = built.processes;
		manifest.control_server = built.control_server;
		manifest.fileControlServer = built.control_server;
		manifest.kill_timeout = built.kill_timeout;
		manifest.on_hangup = built.on_hangup;
		manifest.#sourceIndex = built.sourceIndex;
		manifest.#invalidNames = built.invalidNames;
		if (built.base_directory !== null) {
			manifest.base_directory = resolveUserPath(manifest.#directory, built.base_directory);
			if (!isDirectory(manifest.base_directory)) {
				sink.add(manifest.#issue(['base_directory'], null, `Base directory does not exist: ${manifest.base_directory}`));
			}
		}

		manifest.logging = resolveLogSettings(built.log, manifest.base_directory ?? manifest.#directory, resolveUserPath);
		manifest.#sink = sink;
		try {
			manifest.loadEnvFiles().resolvePaths().resolveDependencies().orderDependencies().validateReadyConfig().validateCpuAffinity().setWorkingDirectory();
		} finally {
			manifest.#sink = null;
		}

		manifest.warnings = sortIssues(sink.warnings).map(issue => formatManifestIssue(issue));
		if (sink.hasErrors) {
			// Warnings go along: an ignored, misspelt key often explains an error.
			throw new ManifestError([...sortIssues(sink.errors), ...sortIssues(sink.warnings)]);
		}

		return manifest;
	}

	/**
	Load the manifest again from where it came from (its file, read anew, or the same data), with
	the same options: env files are read again too. Throws a `ManifestError` like the loaders.
	*/
	reread(options: Pick<ManifestLoadOptions, 'replicas'> = {}): ProcessManifest {
		const source = this.#source;
		if (!source) {
			throw new TypeError('This manifest was built in memory, not loaded: there is nothing to read again');
		}

		return guard(source.file, () => {
			const fresh = source.filePath ? readManifestSource(source.file !== null && path.resolve(source.file) === source.filePath ? source.file : source.filePath, extensions[path.extname(source.filePath).toLowerCase()] ?? 'yaml') : source;
			// A scale lasts until the manifest's own `replicas` for that group changes.
			const kept = Object.entries(this.#options.replicas ?? {}).filter(([group]) => writtenReplicas(source.data, group) === writtenReplicas(fresh.data, group));
			return ProcessManifest.#load(fresh, {...this.#options, replicas: Object.fromEntries(kept), ...options});
		});
	}

	/** The same manifest as loaded (not read again from the file), with `count` copies of the replica group `group`. */
	withReplicas(group: string, count: number): ProcessManifest {
		const source = this.#source;
		if (!source) {
			throw new TypeError('This manifest was built in memory, not loaded: it has no replica groups');
		}

		return guard(source.file, () => ProcessManifest.#load(source, {...this.#options, replicas: {...this.#options.replicas, [group]: count}}));
	}

	/** The replica counts set over the manifest (by `withReplicas`), by group. */
	get replicaOverrides(): Readonly<Record<string, number>> {
		return this.#options.replicas ?? {};
	}

	/** Every env file the manifest reads (top level and per process), as absolute paths, for `--watch`. */
	envFilePaths(): string[] {
		const base = this.base_directory ?? this.#directory;
		const files = [...(this.variables.envFiles ?? []), ...this.processes.flatMap(process => process.env_file.map(file => resolveUserPath(base, file)))];
		return [...new Set(files)];
	}

	/** Read each process's `env_file`s into its `env` (under the top-level env files' values, `env` wins). */
	loadEnvFiles(): this {
		return this.#run(context => {
			applyEnvFiles(context, this.variables.fileValues);
		});
	}

	/** Make every `path` an absolute executable (PATH lookup for bare names, `*` wildcards). */
	resolvePaths(): this {
		return this.#run(context => {
			resolveProcessPaths(context);
		});
	}

	/** Names are unique; every dependency names a process of the manifest. */
	resolveDependencies(): this {
		return this.#run(context => {
			checkDependencies(context);
		});
	}

	/** Reject dependency cycles and put the processes in start order (by level, ties in manifest order). */
	orderDependencies(): this {
		return this.#run(context => {
			const inManifestOrder = [...this.processes].sort((a, b) => this.#indexOf(a) - this.#indexOf(b));
			const cycles = findCycles(inManifestOrder);
			for (const cycle of cycles) {
				const [first, second] = cycle as [Process, Process];
				context.report(first, ['dependencies', Math.max(0, first.dependencies.indexOf(second.name))], `Circular dependency detected involving process ${first.name} and process ${second.name}: ${formatCycle(cycle)}`);
			}

			if (cycles.length === 0) {
				const levels = dependencyLevels(inManifestOrder);
				this.processes = inManifestOrder.sort((a, b) => knownEntry(levels, a) - knownEntry(levels, b) || this.#indexOf(a) - this.#indexOf(b));
			}
		});
	}

	/** Built-in ready strategies get their params checked (and paths made absolute, tcp's host defaulted). */
	validateReadyConfig(): this {
		return this.#run(context => {
			checkReadyConfig(context);
		});
	}

	/** Affinity lists name distinct existing cores; `cpuCount` defaults to `os.availableParallelism()`. */
	validateCpuAffinity(cpuCount?: number): this {
		return this.#run(context => {
			checkAffinity(context, cpuCount);
		});
	}

	/** Default each working directory and check that the given ones exist. */
	setWorkingDirectory(): this {
		return this.#run(context => {
			setWorkingDirectories(context);
		});
	}

	/** Level 0 has no dependencies; level n depends only on levels below n. */
	levels(): Process[][] {
		const levels = dependencyLevels(this.processes);
		const groups: Process[][] = [];
		const ordered = [...this.processes].sort((a, b) => knownEntry(levels, a) - knownEntry(levels, b) || this.#indexOf(a) - this.#indexOf(b));
		for (const process of ordered) {
			(groups[knownEntry(levels, process)] ??= []).push(process);
		}

		return groups.filter(Boolean);
	}

	/** The resolved manifest as plain snake_case data. */
	toJSON(): {processes: Array<Required<ProcessConfig>>; control_server: string | null; kill_timeout: number; base_directory: string | null; on_hangup: HangupMode} {
		return {
			processes: this.processes.map(process => process.toConfig()),
			control_server: this.control_server,
			kill_timeout: this.kill_timeout,
			base_directory: this.base_directory,
			on_hangup: this.on_hangup,
		};
	}

	#run(stage: (context: ValidationContext) => void): this {
		const sink = this.#sink ?? new IssueSink();
		stage({
			processes: this.processes,
			baseDirectory: this.base_directory === null ? this.#directory : resolveUserPath(this.#directory, this.base_directory),
			invalidNames: this.#invalidNames,
			strict: this.#isStrict,
			report: (process, field, message, options) => {
				sink.add(this.#issue(['processes', this.#indexOf(process), ...field], process.name, message, options));
			},
		});
		if (sink !== this.#sink) {
			this.warnings.push(...sink.warnings.map(issue => formatManifestIssue(issue)));
			if (sink.hasErrors) {
				throw new ManifestError(sortIssues(sink.errors));
			}
		}

		return this;
	}

	#indexOf(process: Process): number {
		return this.#sourceIndex.get(process) ?? this.processes.indexOf(process);
	}

	#issue(entryField: FieldPath, process: string | null, message: string, options: IssueOptions = {}): ManifestIssue {
		// A replica copy's field is where its entry is written.
		const origin = entryField[0] === 'processes' && typeof entryField[1] === 'number' ? this.#origin[entryField[1]] : undefined;
		const field = origin === undefined ? entryField : ['processes', origin, ...entryField.slice(2)];
		const position = this.#locate?.(field, {key: options.key}) ?? null;
		return {
			file: this.#file,
			line: position?.line ?? null,
			column: position?.column ?? null,
			field: formatField(field),
			process,
			message,
			severity: options.severity ?? 'error',
		};
	}
}

/** The `replicas` written for the entry named `group`. */
function writtenReplicas(data: unknown, group: string): unknown {
	const entries = (data as {processes?: unknown} | null)?.processes;
	const entry = Array.isArray(entries) ? entries.find((item: unknown) => (item as {name?: unknown} | null)?.name === group) as {replicas?: unknown} | undefined : undefined;
	return entry?.replicas;
}

/** The loaders throw nothing but `ManifestError`, whatever the input. */
function guard(file: string | null, load: () => ProcessManifest): ProcessManifest {
	try {
		return load();
	} catch (error) {
		if (error instanceof ManifestError) {
			throw error;
		}

		const message = error instanceof RangeError ? 'The manifest is too large or nested too deeply to check' : `Cannot load the manifest: ${errorText(error)}`;
		throw new ManifestError([{file, line: null, column: null, field: '', process: null, message, severity: 'error'}], {cause: error});
	}
}

/** `a -> b -> a`; a very long cycle keeps its ends and says how many are left out. */
function formatCycle(cycle: Process[]): string {
	const names = cycle.map(process => process.name);
	if (names.length <= 20) {
		return names.join(' -> ');
	}

	return [...names.slice(0, 10), `... (${names.length - 15} more)`, ...names.slice(-5)].join(' -> ');
}

function sortIssues(issues: ManifestIssue[]): ManifestIssue[] {
	return [...issues].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) || (a.column ?? 0) - (b.column ?? 0));
}

function isDirectory(folder: string): boolean {
	try {
		return fs.statSync(folder).isDirectory();
	} catch {
		return false;
	}
}
