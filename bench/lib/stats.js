/** Small statistics over latency samples (numbers, in the unit the caller chose). */

export function quantile(samples, q) {
	if (samples.length === 0) {
		return Number.NaN;
	}

	const sorted = [...samples].sort((a, b) => a - b);
	const position = (sorted.length - 1) * q;
	const lower = Math.floor(position);
	const upper = Math.ceil(position);
	return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export function summarize(samples) {
	const finite = samples.filter(value => Number.isFinite(value));
	return {
		n: finite.length,
		median: quantile(finite, 0.5),
		p90: quantile(finite, 0.9),
		min: finite.length > 0 ? Math.min(...finite) : Number.NaN,
		max: finite.length > 0 ? Math.max(...finite) : Number.NaN,
		samples: finite,
	};
}

/** A single measured value (idle CPU over one window) in the same shape as a summary. */
export function single(value) {
	return {n: Number.isFinite(value) ? 1 : 0, median: value, p90: Number.NaN, min: value, max: value, samples: [value]};
}
