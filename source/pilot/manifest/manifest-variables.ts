import {envFileList, readEnvFile} from './env-file.js';
import {interpolateData, type InterpolationReport, type UsedVariable, type VariableLookup} from './interpolate.js';
import {resolveUserPath} from '../os/resolve-executable.js';

export type ManifestVariables = {
	/** Every variable the manifest used, with its value and where it came from, by name. */
	readonly used: readonly UsedVariable[];
	/** What the top-level env files define (every process gets these, under its own env). */
	readonly fileValues: Readonly<Record<string, string>>;
	/** The top-level env files read, absolute (what `--watch` watches besides the manifest). */
	readonly envFiles?: readonly string[];
};

/**
The variables stage, before the shape is checked: read the top-level `env_file`s (relative to the
manifest's folder; their paths may use the pilot's environment), then replace `${VAR}` and
`${VAR:-default}` in every string of the manifest. The pilot's environment wins over the files
(as with docker compose's `.env`).
*/
export function interpolateManifest(data: unknown, directory: string, environment: NodeJS.ProcessEnv, report: InterpolationReport): {data: unknown; variables: ManifestVariables} {
	const used = new Map<string, UsedVariable>();
	const empty = {data, variables: {used: [], fileValues: {}}};
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return empty;
	}

	const fromEnvironment: VariableLookup = name => {
		const value = environment[name];
		return value === undefined ? undefined : {value, source: 'environment'};
	};

	const record = data as Record<string, unknown>;
	const fileValues: Record<string, string> = {};
	const envFiles: string[] = [];
	let envFile = record['env_file'];
	if (envFile !== undefined) {
		envFile = interpolateData(envFile, fromEnvironment, report, used, ['env_file']);
		const files = envFileList(envFile);
		for (const [index, file] of files.entries()) {
			const resolved = resolveUserPath(directory, file);
			envFiles.push(resolved);
			const result = readEnvFile(resolved);
			for (const problem of result.problems) {
				report(typeof envFile === 'string' ? ['env_file'] : ['env_file', index], problem);
			}

			Object.assign(fileValues, result.values);
		}
	}

	const lookup: VariableLookup = name => fromEnvironment(name) ?? (Object.hasOwn(fileValues, name) ? {value: fileValues[name] ?? '', source: 'env_file'} : undefined);
	const {env_file: _envFile, ...rest} = record;
	const interpolated = interpolateData(rest, lookup, report, used) as Record<string, unknown>;
	const result = envFile === undefined ? interpolated : {...interpolated, env_file: envFile};
	return {data: result, variables: {used: [...used.values()].sort((a, b) => a.name.localeCompare(b.name)), fileValues, envFiles}};
}
