import type {HealthResult} from '../../model/health.js';

/** What one probe found: success, or a short reason people can read in a table cell. */
export type ProbeResult = HealthResult;

export const probeOk: ProbeResult = {ok: true};

export function probeFailed(reason: string): ProbeResult {
	return {ok: false, reason};
}
