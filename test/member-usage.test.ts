import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readdirSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {hasSchedstat, MemberUsageReader} from '../source/pilot/os/procfs/member-usage.js';

const openFiles = () => readdirSync('/proc/self/fd').length;

describe.runIf(hasSchedstat)('MemberUsageReader', () => {
	it('reads CPU time and RSS through held descriptors, and lets go of a process once it is gone', async () => {
		const before = openFiles();
		const reader = new MemberUsageReader();
		const child = spawn('sleep', ['30'], {stdio: 'ignore'});
		await once(child, 'spawn');
		const usage = reader.read(child.pid!);
		expect(usage?.rssPages).toBeGreaterThan(0);
		expect(usage?.cpuNs).toBeGreaterThanOrEqual(0);
		expect(openFiles()).toBe(before + 2);
		child.kill('SIGKILL');
		await once(child, 'exit');
		expect(reader.read(child.pid!)).toBeUndefined();
		expect(openFiles()).toBe(before);
	});

	it('closes what it holds for processes it no longer follows', () => {
		const before = openFiles();
		const reader = new MemberUsageReader();
		expect(reader.read(process.pid)).toBeDefined();
		reader.keepOnly(new Set([process.pid]));
		expect(openFiles()).toBe(before + 2);
		reader.close();
		expect(openFiles()).toBe(before);
	});
});
