import type {ProcessManifest} from '../manifest/process-manifest.js';
import type {ReloadPlan} from './reload-plan.js';
import {createStarter} from './start-in-order.js';
import {stopInOrder} from './stop-in-order.js';
import type {SupervisedProcess} from './supervised-process.js';

/** What applying a reload needs from the pilot. */
export type ReloadHost = {
	/** The manifest the pilot runs now. */
	readonly current: ProcessManifest;
	readonly unitNamed: (name: string) => SupervisedProcess;
	/** Make `next` the pilot's manifest: units for new processes, none for removed ones, every unit with its new definition. */
	readonly install: (next: ProcessManifest) => void;
	readonly isActive: () => boolean;
	/** A stop went past kill_timeout (what is left got SIGKILL). */
	readonly onTimeout: () => void;
};

/**
Carry out a reload plan: removed processes stop (dependents first), changed running ones stop
(dependents first, with their old stop signal and timeout), `next` is installed, then new and
changed ones start in dependency order, each after what it depends on. Processes the plan does
not name are not touched: their runs go on, and a new process waits for them as they are.
*/
export async function applyReload(host: ReloadHost, next: ProcessManifest, plan: ReloadPlan): Promise<void> {
	const before = host.current;
	const restarting = new Set(plan.restart.filter(entry => entry.isRunning).map(entry => entry.name));
	const unitsIn = (names: ReadonlySet<string>) => before.levels().map(level => level.filter(process => names.has(process.name)).map(process => host.unitNamed(process.name)));
	await stopInOrder(unitsIn(new Set(plan.stop)), before.kill_timeout, host.onTimeout);
	await stopInOrder(unitsIn(restarting), before.kill_timeout, host.onTimeout);
	host.install(next);
	const starting = new Set([...plan.start, ...restarting]);
	const starter = createStarter(host.unitNamed, host.isActive, unit => starting.has(unit.process.name));
	await Promise.all(next.processes.filter(process => starting.has(process.name)).map(async process => starter(host.unitNamed(process.name))));
}
