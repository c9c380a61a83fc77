import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import type {ExitInfo} from '../pilot/model/process-state.js';
import {glyphs} from './glyphs.js';

const {sparkBars} = glyphs;

/** `42s`, `3m05s`, `2h07m`, `4d03h`: at most 5 characters, stable within a second. */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) {
		return `${seconds}s`;
	}

	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
	}

	const hours = Math.floor(minutes / 60);
	if (hours < 24) {
		return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	}

	return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

/** Megabytes as `8.4M`, `312M`, `1.2G`: rounded so that small jitter does not redraw a row. */
export function formatMemory(mb: number): string {
	if (mb >= 1024) {
		return `${(mb / 1024).toFixed(1)}G`;
	}

	return mb >= 100 ? `${Math.round(mb)}M` : `${mb.toFixed(1)}M`;
}

export function formatCpu(percent: number): string {
	return percent >= 100 ? String(Math.round(percent)) : percent.toFixed(1);
}

/** The exit code, or the name of the signal that ended the run. */
export function formatExit(exit: ExitInfo | null): string {
	if (!exit) {
		return '-';
	}

	return 'code' in exit ? String(exit.code) : exit.signal;
}

/** The last `width` samples as bars, scaled to the largest sample (at least 10%). */
export function sparkline(samples: readonly number[], width: number): string {
	const recent = samples.slice(-width);
	const top = Math.max(10, ...recent);
	const bars = recent.map(value => sparkBars[Math.min(sparkBars.length - 1, Math.round((value / top) * (sparkBars.length - 1)))]);
	return bars.join('');
}

/**
The terminal columns `text` takes: a CJK character or an emoji takes two, a combining mark none,
colour codes none. Every cell of the UI is measured with this, never with `.length`.
*/
export function textWidth(text: string): number {
	return stringWidth(text);
}

/** Cut `text` to at most `width` terminal columns, ending in `…` when something was cut; colours survive. */
export function truncate(text: string, width: number): string {
	// cli-truncate keeps a wide character that straddles the edge (one column too many): ask for less.
	for (let room = width; room > 0; room--) {
		const cut = cliTruncate(text, room, {truncationCharacter: glyphs.ellipsis});
		if (textWidth(cut) <= width) {
			return cut;
		}
	}

	return '';
}

/** Truncate, then pad to exactly `width` terminal columns (a wide character cut in half leaves a space). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const padding = ' '.repeat(Math.max(0, width - textWidth(cut)));
	return align === 'left' ? cut + padding : padding + cut;
}
