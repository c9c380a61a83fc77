import {closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readNumberField, readUptimeSeconds} from '../source/pilot/os/procfs/proc-clock.js';
import {hasProcFs} from '../source/pilot/os/procfs/proc-scan.js';

const dir = mkdtempSync(path.join(tmpdir(), 'proc-clock-'));

afterAll(() => {
	rmSync(dir, {recursive: true, force: true});
});

function fieldOf(text: string, index: number): number {
	const file = path.join(dir, 'field');
	writeFileSync(file, text);
	const fd = openSync(file, 'r');
	try {
		return readNumberField(fd, index);
	} finally {
		closeSync(fd);
	}
}

describe('readNumberField', () => {
	it.each([
		['1234567890123 456 78\n', 0, 1_234_567_890_123],
		['1234567890123 456 78\n', 1, 456],
		['1234567890123 456 78\n', 2, 78],
		['19421.47 37110.12\n', 0, 19_421.47],
		['19421.47 37110.12\n', 1, 37_110.12],
		['0 0 0\n', 1, 0],
	])('reads field %#: %j [%i] is %d', (text, index, expected) => {
		expect(fieldOf(text, index)).toBeCloseTo(expected, 6);
	});

	it('answers NaN for a field that is not there (as Number() of nothing did)', () => {
		expect(fieldOf('12 34\n', 5)).toBeNaN();
		expect(fieldOf('', 0)).toBeNaN();
	});
});

describe.runIf(hasProcFs)('readUptimeSeconds', () => {
	it('agrees with /proc/uptime, and keeps agreeing on the next read through the same descriptor', async () => {
		const expected = () => Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
		expect(Math.abs(readUptimeSeconds() - expected())).toBeLessThan(0.5);
		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		expect(Math.abs(readUptimeSeconds() - expected())).toBeLessThan(0.5);
	});
});
