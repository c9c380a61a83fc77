import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {jsonAt} from './helpers/json-at.js';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {manifestJsonSchema} from '../source/pilot/manifest/schema.js';
import {isAlive, makePilot, nodeProcess, stopAllPilots, waitUntil} from './helpers/engine.js';
import {thrown} from './helpers/manifest-error.js';

afterEach(stopAllPilots);

function lines(pilot: ReturnType<typeof makePilot>, name: string): string[] {
	return pilot.getLogs(name).map(line => line.text);
}

function pidOf(pilot: ReturnType<typeof makePilot>, name: string, role: string): number {
	const line = lines(pilot, name).find(text => text.startsWith(`${role} `) && text.endsWith(' waiting'));
	return Number(line?.split(' ')[1]);
}

describe('stop_signal and kill_mode', () => {
	it('stops with the stop_signal of the process (SIGINT for Postgres, SIGQUIT for nginx)', async () => {
		const pilot = makePilot([
			nodeProcess('pg', 'log-signal.js', {stop_signal: 'SIGINT'}),
			nodeProcess('nginx', 'log-signal.js', {stop_signal: 'SIGQUIT'}),
			nodeProcess('plain', 'log-signal.js'),
		]);
		await pilot.start();
		await waitUntil(() => ['pg', 'nginx', 'plain'].every(name => pidOf(pilot, name, 'child') > 0), 10_000, 'children waiting');
		await pilot.stop();
		expect(lines(pilot, 'pg')).toContain('child got SIGINT');
		expect(lines(pilot, 'nginx')).toContain('child got SIGQUIT');
		expect(lines(pilot, 'plain')).toContain('child got SIGTERM');
	});

	it('kill_mode group (default) sends the stop signal to the whole group', async () => {
		const pilot = makePilot([nodeProcess('family', 'signal-family.js', {timeout: 5})]);
		await pilot.start();
		await waitUntil(() => pidOf(pilot, 'family', 'grandchild') > 0 && pidOf(pilot, 'family', 'child') > 0, 10_000, 'family waiting');
		await pilot.stopProcess('family');
		await waitUntil(() => lines(pilot, 'family').includes('grandchild got SIGTERM'), 5000, 'grandchild signalled');
		expect(lines(pilot, 'family')).toContain('child got SIGTERM');
	});

	it('kill_mode mixed: the stop signal goes to the main process only, SIGKILL to the group after timeout', async () => {
		const pilot = makePilot([nodeProcess('family', 'signal-family.js', {kill_mode: 'mixed', timeout: 1})]);
		await pilot.start();
		await waitUntil(() => pidOf(pilot, 'family', 'grandchild') > 0 && pidOf(pilot, 'family', 'child') > 0, 10_000, 'family waiting');
		const grandchild = pidOf(pilot, 'family', 'grandchild');
		const stopped = pilot.stopProcess('family');
		await waitUntil(() => lines(pilot, 'family').includes('child got SIGTERM'), 5000, 'main process signalled');
		// The main process is gone; the grandchild was not signalled and runs on until the timeout.
		expect(isAlive(grandchild)).toBe(true);
		await stopped;
		expect(isAlive(grandchild)).toBe(false);
		expect(lines(pilot, 'family')).not.toContain('grandchild got SIGTERM');
		expect(pilot.getSnapshot().messages.some(message => message.text.includes('did not stop within 1s of SIGTERM; sent SIGKILL'))).toBe(true);
	});
});

describe('stop_signal and kill_mode in the manifest', () => {
	it('refuses another signal or mode with a located error listing the valid choices', () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-stop-signal-'));
		try {
			const file = path.join(directory, 'pilot.yml');
			fs.writeFileSync(file, 'processes:\n  - name: db\n    path: /bin/sh\n    stop_signal: SIGKILL\n    kill_mode: process\n');
			const {message} = thrown(() => ProcessManifest.fromYaml(file));
			expect(message).toContain('pilot.yml:4:18 processes[0].stop_signal (db): Must be one of "SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", got a string ("SIGKILL")');
			expect(message).toContain('pilot.yml:5:16 processes[0].kill_mode (db): Must be one of "group", "mixed", got a string ("process")');
		} finally {
			fs.rmSync(directory, {recursive: true, force: true});
		}
	});

	it('defaults to SIGTERM to the group, and is in the JSON Schema', () => {
		const [process] = ProcessManifest.fromObject({processes: [{name: 'a', path: '/bin/sh'}]}, {directory: os.tmpdir()}).processes;
		expect(process).toMatchObject({stop_signal: 'SIGTERM', kill_mode: 'group'});
		const properties = jsonAt(manifestJsonSchema(), 'properties', 'processes', 'items', 'properties');
		expect(jsonAt(properties, 'stop_signal', 'enum')).toContain('SIGQUIT');
		expect(jsonAt(properties, 'kill_mode', 'enum')).toEqual(['group', 'mixed']);
	});
});
