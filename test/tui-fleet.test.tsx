import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../source/components/app.js';
import {FleetPilot} from '../source/remote/fleet/fleet-pilot.js';
import {fakeHost, fleetSnapshot, fleetView} from './helpers/fake-fleet.js';
import {renderAt} from './helpers/render-tui.js';

const open: Array<{unmount: () => void}> = [];
const fleets: FleetPilot[] = [];
afterEach(() => {
	for (const instance of open.splice(0)) {
		instance.unmount();
	}

	for (const fleet of fleets.splice(0)) {
		fleet.close();
	}
});

/** alpha with web and db, beta without a pilot, local with one process. */
function threeHosts() {
	const hosts = {alpha: fakeHost(), beta: fakeHost(), local: fakeHost()};
	const fleet = new FleetPilot(Object.entries(hosts).map(([label, host]) => ({label, openLink: host.open})), {title: 'prod', retryDelayMs: 60_000});
	fleets.push(fleet);
	fleet.start();
	hosts.alpha.last().onMessage({type: 'snapshot', snapshot: fleetSnapshot([fleetView('web', 101), fleetView('db', 102)])});
	hosts.beta.last().onClose('no pilot');
	hosts.local.last().onMessage({type: 'snapshot', snapshot: fleetSnapshot([fleetView('web', 301)])});
	const ui = renderAt(<App api={fleet} title="prod" host="3 hosts" mode="fleet" onQuit={() => undefined}/>, {columns: 120, rows: 24});
	open.push(ui);
	return {hosts, fleet, ui};
}

const row = (frame: string, host: string, name: string) => frame.split('\n').find(line => new RegExp(`^\\S\\s+${host}\\s+${name}\\s`).test(line));

describe('the fleet view', () => {
	it('has a HOST column, the header sums per host and overall, and an unreachable host is one row', async () => {
		const {ui} = threeHosts();
		const frame = await ui.waitForFrame(text => text.includes('alpha 2/2'), 10_000);
		expect(frame.split('\n')[0]).toMatch(/^prod · attached to 3 hosts +running 3\/3 +alpha 2\/2 +beta unreachable +local 1\/1/);
		expect(frame).toMatch(/HOST +NAME +STATE/);
		expect(row(frame, 'alpha', 'web')).toContain('101');
		expect(row(frame, 'local', 'web')).toContain('301');
		expect(frame).toMatch(/^\S\s+beta\s+unreachable: no pilot · retry in \d+s/m);
	});

	it('acts on the selected row\'s host with that host\'s name for the process', async () => {
		const {hosts, ui} = threeHosts();
		await ui.waitForFrame(text => text.includes('alpha 2/2'), 10_000);
		// Rows: alpha/web, alpha/db, beta, local/web.
		await ui.press('j', 'j', 'j', 'r');
		await ui.waitForFrame(() => hosts.local.requests.length === 1, 10_000);
		expect(hosts.local.requests).toEqual([{method: 'POST', route: '/restart', body: {names: ['web']}}]);
		expect(hosts.alpha.requests).toEqual([]);
	});

	it('R restarts every process of the selected row\'s host only, and says so', async () => {
		const {hosts, ui} = threeHosts();
		await ui.waitForFrame(text => text.includes('alpha 2/2'), 10_000);
		await ui.press('R');
		await ui.waitForFrame(text => text.includes('Restart all 2 processes on alpha only? y/N'), 10_000);
		await ui.press('y');
		await ui.waitForFrame(text => text.includes('Restarting all 2 processes on alpha only'), 10_000);
		expect(hosts.alpha.requests).toEqual([{method: 'POST', route: '/restart', body: {names: ['web', 'db']}}]);
		expect(hosts.local.requests).toEqual([]);
	});

	it('shows no HOST column with one host', async () => {
		const alpha = fakeHost();
		const fleet = new FleetPilot([{label: 'alpha', openLink: alpha.open}]);
		fleets.push(fleet);
		fleet.start();
		alpha.last().onMessage({type: 'snapshot', snapshot: fleetSnapshot([fleetView('web', 101)])});
		const ui = renderAt(<App api={fleet} title="fleet" host="alpha" mode="fleet" onQuit={() => undefined}/>, {columns: 100, rows: 20});
		open.push(ui);
		const frame = await ui.waitForFrame(text => text.includes('101'), 10_000);
		expect(frame).not.toContain('HOST');
		expect(frame).toMatch(/^\S\s+web\s+running/m);
	});
});
