import type {FieldPath} from './read-source.js';

/** Per-process keys that hold numbers (lists of numbers for affinity and success_exit_codes). */
const processNumbers = new Set(['timeout', 'ready_timeout_sec', 'min_uptime_sec', 'restart_delay_sec', 'max_restart_delay_sec', 'max_restarts', 'affinity', 'success_exit_codes']);
const paramNumbers = new Set(['port', 'expect_status']);
const healthNumbers = new Set(['interval_sec', 'timeout_sec', 'retries', 'start_period_sec']);
const topNumbers = new Set(['kill_timeout', 'log_backups']);
const numberText = /^-?\d+(?:\.\d+)?$/;

/** The keys whose JSON Schema also accepts a `${VAR}` string (the params inside `ready_params` are free-form there anyway). */
export const interpolatedNumberKeys = {process: [...processNumbers].filter(key => key !== 'affinity' && key !== 'success_exit_codes'), top: [...topNumbers]} as const;

/** Whether the field at `path` takes a number: `processes[0].ready_params.port`, `kill_timeout`... */
export function isNumericField(path: FieldPath): boolean {
	if (path.length === 1) {
		return topNumbers.has(String(path[0]));
	}

	if (path[0] !== 'processes' || typeof path[1] !== 'number') {
		return false;
	}

	const [key, second, third] = path.slice(2);
	if (path.length === 3 || (path.length === 4 && (key === 'affinity' || key === 'success_exit_codes'))) {
		return processNumbers.has(String(key));
	}

	if (key === 'ready_params') {
		return paramNumbers.has(String(second)) && (path.length === 4 || (second === 'expect_status' && path.length === 5));
	}

	if (key === 'health_check') {
		return path.length === 4 ? healthNumbers.has(String(second)) : second === 'params' && paramNumbers.has(String(third)) && path.length <= 6;
	}

	return false;
}

/**
A numeric field written as a string with `${VAR}` in it (`port: "808${PILOT_REPLICA}"`) takes the
number the string became. A number typed in quotes without a variable stays a string (and is
reported as one): only interpolation makes the quotes necessary.
*/
export function coerceInterpolatedNumbers(raw: unknown, interpolated: unknown, path: FieldPath = []): unknown {
	if (typeof raw === 'string' && typeof interpolated === 'string') {
		return raw.includes('${') && numberText.test(interpolated.trim()) && isNumericField(path) ? Number(interpolated) : interpolated;
	}

	if (Array.isArray(raw) && Array.isArray(interpolated)) {
		return interpolated.map((item, index) => coerceInterpolatedNumbers(raw[index], item, [...path, index]));
	}

	if (isRecord(raw) && isRecord(interpolated)) {
		return Object.fromEntries(Object.entries(interpolated).map(([key, item]) => [key, coerceInterpolatedNumbers(raw[key], item, [...path, key])]));
	}

	return interpolated;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
