import {execFileSync} from 'node:child_process';
import {openSync, readFileSync, readSync} from 'node:fs';

const buffer = Buffer.allocUnsafe(256);
const space = 0x20;
const dot = 0x2E;
const zero = 0x30;

/**
Field `index` of a small /proc file of space-separated numbers (schedstat, statm, uptime), read
through a held descriptor and parsed from the bytes: a sample reads hundreds of these a second,
and a string and an array per read were most of its cost. A fraction (uptime's `123.45`) is kept.
*/
export function readNumberField(fd: number, index: number): number {
	const length = readSync(fd, buffer, 0, buffer.length, 0);
	let at = 0;
	for (let skipped = 0; skipped < index && at < length; at++) {
		if (buffer[at] === space) {
			skipped++;
		}
	}

	let value = 0;
	let digits = 0;
	let scale = 0;
	for (; at < length; at++) {
		const byte = buffer[at] ?? 0;
		if (byte === dot && scale === 0) {
			scale = 1;
			continue;
		}

		const digit = byte - zero;
		if (digit < 0 || digit > 9) {
			break;
		}

		value = (value * 10) + digit;
		digits++;
		scale = scale === 0 ? 0 : scale * 10;
	}

	if (digits === 0) {
		return Number.NaN;
	}

	return scale === 0 ? value : value / scale;
}

function getconf(name: string, fallback: number): number {
	try {
		const value = Number(execFileSync('getconf', [name], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim());
		return Number.isFinite(value) && value > 0 ? value : fallback;
	} catch {
		return fallback;
	}
}

let systemConstants: {ticksPerSecond: number; pageBytes: number} | undefined;

export function getSystemConstants(): {ticksPerSecond: number; pageBytes: number} {
	systemConstants ??= {ticksPerSecond: getconf('CLK_TCK', 100), pageBytes: getconf('PAGESIZE', 4096)};
	return systemConstants;
}

/** /proc/uptime, opened once: a sample reads it every second. */
let uptimeFd: number | undefined;

/** Seconds since boot (the clock of /proc/<pid>/stat's starttime). */
export function readUptimeSeconds(): number {
	try {
		uptimeFd ??= openSync('/proc/uptime', 'r');
		return readNumberField(uptimeFd, 0);
	} catch {
		return Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
	}
}
