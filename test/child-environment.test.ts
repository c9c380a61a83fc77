import fs from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {makePilot, nodeProcess, stopAllPilots, waitUntil} from './helpers/engine.js';

afterEach(async () => {
	delete process.env['PILOT_TOKEN'];
	delete process.env['PILOT_CHILD_ENV_PROBE'];
	await stopAllPilots();
});

function environOf(pid: number): Map<string, string> {
	const entries = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
	return new Map(entries.map(entry => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

describe.runIf(process.platform === 'linux')('the environment of a child', () => {
	it('is the pilot\'s own without PILOT_TOKEN, unless the manifest sets it', async () => {
		process.env['PILOT_TOKEN'] = 'secret-token-of-the-control-api';
		process.env['PILOT_CHILD_ENV_PROBE'] = 'inherited';
		const pilot = makePilot([
			nodeProcess('plain', 'sleeper.js'),
			nodeProcess('given', 'sleeper.js', {env: {PILOT_TOKEN: 'meant-for-this-child'}}),
		]);
		await pilot.start();
		const plain = environOf(pilot.getRunningProcess('plain')!.pid!);
		expect(plain.get('PILOT_CHILD_ENV_PROBE')).toBe('inherited');
		expect(plain.has('PILOT_TOKEN')).toBe(false);
		expect(environOf(pilot.getRunningProcess('given')!.pid!).get('PILOT_TOKEN')).toBe('meant-for-this-child');
		delete process.env['PILOT_CHILD_ENV_PROBE'];
	});

	it('is read when a call starts processes: an automatic restart gets what its first run got', async () => {
		process.env['PILOT_CHILD_ENV_PROBE'] = 'at start';
		const pilot = makePilot([nodeProcess('echo', 'env-echo.js', {args: ['PILOT_CHILD_ENV_PROBE'], min_uptime_sec: 0, restart_delay_sec: 0})]);
		const seen = () => pilot.getLogs('echo').map(line => line.text);
		await pilot.start();
		await waitUntil(() => seen().length === 1, 10_000, 'the first run\'s line');
		process.env['PILOT_CHILD_ENV_PROBE'] = 'changed later';
		process.kill(pilot.getRunningProcess('echo')!.pid!, 'SIGKILL');
		await waitUntil(() => seen().length === 2, 10_000, 'the restarted run\'s line');
		await pilot.restartProcesses('echo');
		await waitUntil(() => seen().length === 3, 10_000, 'the line of the run restartProcesses started');
		expect(seen()).toEqual(['PILOT_CHILD_ENV_PROBE=at start', 'PILOT_CHILD_ENV_PROBE=at start', 'PILOT_CHILD_ENV_PROBE=changed later']);
	});
});
