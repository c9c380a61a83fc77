import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ProcessManifest} from '../../source/pilot/manifest/process-manifest.js';
import {waitFor} from './proc.js';
import {ProcessPilot, type PilotOptions} from '../../source/pilot/pilot.js';

export const engineFixtures = fileURLToPath(new URL('../fixtures/engine/', import.meta.url));

/** A process entry running one of test/fixtures/engine/*.js with node. */
export function nodeProcess(name: string, script: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	const {args = [], ...rest} = extra as {args?: string[]};
	return {name, path: process.execPath, args: [path.join(engineFixtures, script), ...args], ...rest};
}

const pilots: ProcessPilot[] = [];

/** A pilot over an in-memory manifest; stopped by `stopAllPilots()` after each test. */
export function makePilot(processes: Array<Record<string, unknown>>, options: PilotOptions = {}, top: Record<string, unknown> = {}): ProcessPilot {
	const manifest = ProcessManifest.fromObject({processes, ...top}, {directory: engineFixtures});
	const pilot = new ProcessPilot(manifest, {processPollInterval: 0.2, ...options});
	pilots.push(pilot);
	return pilot;
}

export async function stopAllPilots(): Promise<void> {
	await Promise.all(pilots.splice(0).map(async pilot => pilot.stop()));
}

/** `waitFor` (the one polling loop of the tests, in proc.ts) that throws, naming `what`, on timeout. */
export async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
	if (!await waitFor(predicate, timeoutMs)) {
		throw new Error(`Timed out waiting for ${what}`);
	}
}

export function temporaryDirectory(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-test-'));
}

export {isAlive, descendantsOf, waitFor} from './proc.js';
