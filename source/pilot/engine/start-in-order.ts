import type {ProcessUnit} from './supervised-process.js';

/**
Returns a function that starts a unit once all its dependencies are running and ready, and
resolves when that unit is settled (ready, failed, or in backoff). Each unit is started once per
starter, however many dependents wait on it; independent units start together. A unit whose
dependencies are not ready when they settle is held with the reason, and still starts later if
they become ready while the pilot runs.
*/
export function createStarter(unitNamed: (name: string) => ProcessUnit, isActive: () => boolean): (unit: ProcessUnit) => Promise<boolean> {
	const started = new Map<ProcessUnit, Promise<boolean>>();
	const startInOrder = async (unit: ProcessUnit): Promise<boolean> => {
		const dependencies = unit.process.dependencies.map(name => unitNamed(name));
		const settled = await Promise.all(dependencies.map(async dependency => starter(dependency)));
		if (!isActive()) {
			return false;
		}

		if (settled.every(Boolean)) {
			await unit.start();
			return unit.whenSettled();
		}

		const waitingFor = dependencies.filter((_dependency, index) => !settled[index]).map(dependency => `'${dependency.process.name}'`).join(', ');
		unit.hold(`waiting for ${waitingFor} to be ready`);
		void Promise.all(dependencies.map(async dependency => dependency.whenReady())).then(async ready => {
			if (!isActive() || unit.child) {
				return;
			}

			if (ready.every(Boolean)) {
				await unit.start();
			} else {
				unit.hold(`not started: dependency ${waitingFor} failed or was stopped`);
			}
		});
		return false;
	};

	const starter = async (unit: ProcessUnit): Promise<boolean> => {
		let run = started.get(unit);
		if (!run) {
			run = startInOrder(unit);
			started.set(unit, run);
		}

		return run;
	};

	return starter;
}
