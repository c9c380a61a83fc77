import type {FieldPath} from './read-source.js';

/** Where the value of a variable came from, for `pilot-tui check`. */
export type VariableSource = 'environment' | 'env_file' | 'default';

export type UsedVariable = {readonly name: string; readonly value: string; readonly source: VariableSource};

export type VariableLookup = (name: string) => {value: string; source: VariableSource} | undefined;

const reference = /\$\$|\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}|\$\{([^}]*)\}?/g;

/**
Replace `${VAR}` and `${VAR:-default}` in one string; `$$` is a literal `$`, any other `$` is
left as it is. The default is used when the variable is unset or empty (as in the shell).
Returns the names that have no value and no default, and reports a malformed `${...}`.
*/
export function interpolateString(text: string, lookup: VariableLookup, used: Map<string, UsedVariable>): {value: string; missing: string[]; malformed: string[]} {
	const missing: string[] = [];
	const malformed: string[] = [];
	if (!text.includes('$')) {
		return {value: text, missing, malformed};
	}

	const value = text.replaceAll(reference, (match, name: string | undefined, fallback: string | undefined, bad: string | undefined) => {
		if (match === '$$') {
			return '$';
		}

		if (name === undefined) {
			malformed.push(bad === undefined ? match : `\${${bad}}`);
			return match;
		}

		const found = lookup(name);
		if (found && found.value !== '') {
			used.set(name, {name, ...found});
			return found.value;
		}

		if (fallback !== undefined) {
			used.set(name, {name, value: fallback, source: 'default'});
			return fallback;
		}

		if (found) {
			used.set(name, {name, ...found});
			return '';
		}

		missing.push(name);
		return match;
	});
	return {value, missing, malformed};
}

export type InterpolationReport = (field: FieldPath, message: string) => void;

/**
Interpolate every string in `data` (values, never keys), depth first. Each undefined variable is
reported at the field that names it.
*/
export function interpolateData(data: unknown, lookup: VariableLookup, report: InterpolationReport, used: Map<string, UsedVariable>, field: FieldPath = []): unknown {
	if (typeof data === 'string') {
		const result = interpolateString(data, lookup, used);
		for (const name of result.missing) {
			report(field, `Variable '${name}' is not defined (set it in the environment or an env_file, or give a default: \${${name}:-value}; write $$ for a literal $)`);
		}

		for (const text of result.malformed) {
			report(field, `Malformed variable reference '${text}': expected \${NAME} or \${NAME:-default} (write $$ for a literal $)`);
		}

		return result.value;
	}

	if (Array.isArray(data)) {
		return data.map((item, index) => interpolateData(item, lookup, report, used, [...field, index]));
	}

	if (typeof data === 'object' && data !== null && !(data instanceof Uint8Array)) {
		return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, interpolateData(value, lookup, report, used, [...field, key])]));
	}

	return data;
}
