import os from 'node:os';
import type {ValidationContext} from './validation-context.js';
import {describeValue} from './hints.js';

/** The logical CPUs this machine offers (what affinity core numbers are checked against). */
export function logicalCpuCount(): number {
	return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** `affinity` is null, or a non-empty list of distinct integer cores from 0 to cpuCount - 1. */
export function checkAffinity(context: ValidationContext, cpuCount = logicalCpuCount()): void {
	for (const process of context.processes) {
		const affinity: unknown = process.affinity;
		if (affinity === null || affinity === undefined) {
			continue;
		}

		if (!Array.isArray(affinity)) {
			context.report(process, ['affinity'], `Affinity must be a list of CPU core numbers for process: ${process.name} (got ${describeValue(affinity)})`);
			continue;
		}

		if (affinity.length === 0) {
			context.report(process, ['affinity'], `Affinity list is empty for process: ${process.name} (list at least one core, or leave affinity out)`);
			continue;
		}

		const seen = new Set<number>();
		for (const [index, core] of affinity.entries()) {
			if (typeof core !== 'number' || !Number.isInteger(core) || core < 0) {
				context.report(process, ['affinity', index], `Affinity values must be between 0 and ${cpuCount - 1} for process: ${process.name} (got ${describeValue(core)})`);
			} else if (core >= cpuCount) {
				context.report(process, ['affinity', index], `Affinity core ${core} is out of range for process: ${process.name} (this machine has ${cpuCount} logical CPUs: 0 to ${cpuCount - 1})`);
			} else if (seen.has(core)) {
				context.report(process, ['affinity', index], `Affinity core ${core} is listed twice for process: ${process.name}`);
			}

			if (typeof core === 'number') {
				seen.add(core);
			}
		}
	}
}
