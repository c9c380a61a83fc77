import type {SupervisedProcess} from './supervised-process.js';

/** The reason a manual (`autostart: false`) process shows until someone starts it. */
export const manualReason = 'manual (t or ctl start)';

/**
Returns a function that starts a unit (those `isStartable` accepts: all by default) once all its dependencies are satisfied (running and ready,
or `completed` for a `condition: completed` dependency), and resolves when that unit is settled
(ready, failed, or in backoff). Each unit is started once per starter, however many dependents
wait on it; independent units start together. A manual unit (`autostart: false`) is held until
someone starts it. A unit whose dependencies are not satisfied when they settle is held with the
reason, and still starts later if they become satisfied while the pilot runs (a manual
dependency being started, for one).
*/
export function createStarter(unitNamed: (name: string) => SupervisedProcess, isActive: () => boolean, isStartable: (unit: SupervisedProcess) => boolean = () => true): (unit: SupervisedProcess) => Promise<boolean> {
	const started = new Map<SupervisedProcess, Promise<boolean>>();
	const needsCompletion = (unit: SupervisedProcess, dependency: SupervisedProcess) => unit.process.dependency_conditions[dependency.process.name] === 'completed';
	const satisfied = async (unit: SupervisedProcess, dependency: SupervisedProcess) => (needsCompletion(unit, dependency) ? dependency.whenCompleted() : dependency.whenReady());
	const startInOrder = async (unit: SupervisedProcess): Promise<boolean> => {
		if (!unit.process.autostart) {
			unit.hold(manualReason);
			return false;
		}

		const dependencies = unit.process.dependencies.map(name => unitNamed(name));
		const settled = await Promise.all(dependencies.map(async dependency => {
			const isReady = await starter(dependency);
			// A job is waited for until it has run to completion (or failed).
			return needsCompletion(unit, dependency) && isReady ? dependency.whenCompleted() : isReady;
		}));
		if (!isActive()) {
			return false;
		}

		if (settled.every(Boolean)) {
			await unit.start();
			return unit.whenSettled();
		}

		const pending = dependencies.filter((_dependency, index) => !settled[index]);
		const describe = (dependency: SupervisedProcess) => `'${dependency.process.name}' to be ${needsCompletion(unit, dependency) ? 'completed' : 'ready'}`;
		unit.hold(`waiting for ${pending.map(dependency => describe(dependency)).join(', ')}`);
		void Promise.all(dependencies.map(async dependency => satisfied(unit, dependency))).then(async results => {
			if (!isActive() || unit.child) {
				return;
			}

			if (results.every(Boolean)) {
				await unit.start();
				return;
			}

			const failed = dependencies.filter((_dependency, index) => !results[index]).map(dependency => {
				const {state, reason} = dependency.view;
				return `'${dependency.process.name}' ${state}${reason ? ` (${reason})` : ''}`;
			});
			unit.hold(`not started: dependency ${failed.join(', ')}`);
		});
		return false;
	};

	const starter = async (unit: SupervisedProcess): Promise<boolean> => {
		let run = started.get(unit);
		if (!run) {
			// A unit a reload leaves alone is waited for as it is, never started by it.
			run = isStartable(unit) ? startInOrder(unit) : unit.whenReady();
			started.set(unit, run);
		}

		return run;
	};

	return starter;
}
