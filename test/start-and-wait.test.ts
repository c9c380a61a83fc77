import {afterEach, describe, expect, it} from 'vitest';
import {startAndWait} from '../source/commands/start-and-wait.js';
import {Plugin} from '../source/pilot/plugins/plugin.js';
import type {ControlServerFactory} from '../source/pilot/model/pilot-api.js';
import {makePilot, nodeProcess, stopAllPilots} from './helpers/engine.js';

afterEach(stopAllPilots);

class BrokenControlPlugin extends Plugin {
	override getControlServers(): Record<string, ControlServerFactory> {
		return {
			broken: () => ({
				start() {
					throw new Error('port taken');
				},
				stop() {},
			}),
		};
	}
}

describe('a start that fails after the pilot stopped itself', () => {
	it('carries the start error in the StopResult', async () => {
		const pilot = makePilot([nodeProcess('ok', 'sleeper.js')], {}, {control_server: 'broken'});
		pilot.registerPlugins([new BrokenControlPlugin()]);
		await expect(pilot.start()).rejects.toThrow("Control server 'broken' could not start: port taken");
		const result = await pilot.whenStopped();
		expect(result.failed).toBe(true);
		expect(result.startError?.message).toBe("Control server 'broken' could not start: port taken");
	});

	it('is reported by startAndWait as a failed start, whichever settles first', async () => {
		const pilot = makePilot([nodeProcess('ok', 'sleeper.js')], {}, {control_server: 'broken'});
		pilot.registerPlugins([new BrokenControlPlugin()]);
		const stopped = new Promise<Awaited<ReturnType<typeof pilot.whenStopped>>>(resolve => {
			pilot.once('stopped', resolve);
		});
		const outcome = await startAndWait(pilot, stopped);
		expect('error' in outcome && outcome.error.message).toBe("Control server 'broken' could not start: port taken");
	});
});
