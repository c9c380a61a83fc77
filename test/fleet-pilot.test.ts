import {describe, expect, it} from 'vitest';
import {FleetPilot} from '../source/remote/fleet/fleet-pilot.js';
import {fakeHost, fleetSnapshot, fleetView} from './helpers/fake-fleet.js';
import {waitFor} from './helpers/proc.js';

const view = fleetView;
const snapshot = fleetSnapshot;

const names = (fleet: FleetPilot) => fleet.getSnapshot().processes.map(row => `${row.name}:${row.state}`);

describe('FleetPilot', () => {
	it('shows every host\'s processes under host/name, and a host that fails as one row, while the others stay live', async () => {
		const alpha = fakeHost();
		const beta = fakeHost();
		const fleet = new FleetPilot([{label: 'alpha', openLink: alpha.open}, {label: 'beta', openLink: beta.open}], {retryDelayMs: 10});
		fleet.start();
		expect(names(fleet)).toEqual(['alpha/:starting', 'beta/:starting']);
		alpha.last().onMessage({type: 'hello', host: 'a', pid: 1, title: 'a.yml'});
		alpha.last().onMessage({type: 'snapshot', snapshot: snapshot([view('web', 11), view('db', 12)])});
		beta.last().onClose('no pilot');
		expect(names(fleet)).toEqual(['alpha/web:running', 'alpha/db:running', 'beta/:backoff']);
		const hostRow = fleet.getSnapshot().processes[2]!;
		expect(hostRow.reason).toBe('unreachable: no pilot');
		expect(hostRow.fleet).toEqual({host: 'beta', process: null});
		expect(fleet.getSnapshot().hosts).toEqual([
			{host: 'alpha', connection: 'connected', running: 2, total: 2},
			{host: 'beta', connection: 'unreachable', running: 0, total: 0},
		]);
		expect(fleet.getSnapshot().messages.at(-1)?.text).toBe('beta: unreachable: no pilot');

		// beta is retried on its own and comes back.
		expect(await waitFor(() => beta.attempts.length === 2, 2000)).toBe(true);
		beta.last().onMessage({type: 'snapshot', snapshot: snapshot([view('web', 21)])});
		expect(names(fleet)).toEqual(['alpha/web:running', 'alpha/db:running', 'beta/web:running']);
		fleet.close();
	});

	it('sends each action to the row\'s host, with the name it has there', async () => {
		const alpha = fakeHost();
		const beta = fakeHost();
		const fleet = new FleetPilot([{label: 'alpha', openLink: alpha.open}, {label: 'beta', openLink: beta.open}]);
		fleet.start();
		alpha.last().onMessage({type: 'snapshot', snapshot: snapshot([view('web', 11), view('my worker', 12)])});
		beta.last().onMessage({type: 'snapshot', snapshot: snapshot([view('web', 21)])});
		await fleet.restartProcesses(['alpha/my worker', 'beta/web', 'alpha/web']);
		await fleet.stopProcess('beta/web');
		expect(alpha.requests).toEqual([{method: 'POST', route: '/restart', body: {names: ['my worker', 'web']}}]);
		expect(beta.requests).toEqual([{method: 'POST', route: '/restart', body: {names: ['web']}}, {method: 'POST', route: '/processes/web/stop', body: undefined}]);
		await expect(fleet.startProcess('gamma/web')).rejects.toThrow('No process \'gamma/web\'');
		await expect(fleet.stop()).rejects.toThrow('does not stop pilots');
		fleet.close();
	});

	it('merges the hosts\' log lines under host/name, without repeating lines after a reconnect', async () => {
		const alpha = fakeHost();
		const fleet = new FleetPilot([{label: 'alpha', openLink: alpha.open}], {retryDelayMs: 0});
		fleet.start();
		const line = (seq: number, text: string) => ({seq, process: 'web', stream: 'stdout' as const, text, time: seq});
		alpha.last().onMessage({type: 'hello', host: 'a', pid: 1, title: 'a'});
		alpha.last().onMessage({type: 'logs', lines: [line(1, 'one'), line(2, 'two')], reset: true});
		alpha.last().onMessage({type: 'snapshot', snapshot: snapshot([view('web', 11)])});
		alpha.last().onClose('the pilot went away');
		expect(await waitFor(() => alpha.attempts.length === 2, 2000)).toBe(true);
		// The same pilot again: its first lines are repeated by the stream and skipped here.
		alpha.last().onMessage({type: 'hello', host: 'a', pid: 1, title: 'a'});
		alpha.last().onMessage({type: 'logs', lines: [line(1, 'one'), line(2, 'two'), line(3, 'three')], reset: true});
		expect(fleet.getLogs('alpha/web').map(entry => entry.text)).toEqual(['one', 'two', 'three']);
		expect(fleet.getLogs().map(entry => entry.process)).toEqual(['alpha/web', 'alpha/web', 'alpha/web']);
		fleet.close();
	});
});
