import type {ProcessView} from '../pilot/model/pilot-api.js';
import {formatDuration} from './format.js';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/**
An uptime as a person reads it while it runs: seconds only in the first minute (`42s`), then
minutes (`3m`), then `2h07m`, `4d03h`. So an idle table changes once a minute, not every second.
*/
export function formatUptime(ms: number): string {
	return ms >= minute && ms < hour ? `${Math.floor(ms / minute)}m` : formatDuration(ms);
}

/** How long until `formatUptime` of an uptime that is now `ms` shows something else. */
export function msUntilUptimeChanges(ms: number): number {
	const elapsed = Math.max(0, ms);
	const step = elapsed < minute ? second : elapsed < hour ? minute : elapsed < 24 * hour ? minute : hour;
	return step - (elapsed % step);
}

/** How long until a `retry in 3s` countdown to `at` shows another number. */
function msUntilCountdownChanges(at: number, now: number): number {
	const left = at - now;
	return left <= 0 ? Number.POSITIVE_INFINITY : (left % second) || second;
}

/**
How long until anything drawn from the clock changes on screen: the pilot's uptime, the uptimes
and retry countdowns of the rows shown. Rows started a few ms apart change a few ms apart: the wait
runs to the last of the changes within a second of the first, so they show in one frame, not one
frame each. The UI's clock sleeps that long instead of ticking every second.
*/
export function msUntilScreenChanges(now: number, startedAt: number | null, rows: readonly ProcessView[]): number {
	const waits = startedAt === null ? [] : [msUntilUptimeChanges(now - startedAt)];
	for (const view of rows) {
		if (view.startedAt !== null && view.pid !== null) {
			waits.push(msUntilUptimeChanges(now - view.startedAt));
		}

		if (view.nextRetryAt !== null) {
			waits.push(msUntilCountdownChanges(view.nextRetryAt, now));
		}
	}

	const first = Math.min(...waits);
	return Math.max(first, ...waits.filter(wait => wait < first + second));
}
