import type {SupervisedProcess} from './supervised-process.js';

/**
Stop units level by level, dependents first (`levels` in start order, level 0 last to stop), the
units of one level in parallel. The whole is bounded by `killTimeoutSec`: past it, whatever is
left gets SIGKILL, and the stop finishes as soon as those groups are gone.
*/
export async function stopInOrder(levels: ReadonlyArray<readonly SupervisedProcess[]>, killTimeoutSec: number, onTimeout: () => void): Promise<void> {
	const stopping = (async () => {
		for (const level of [...levels].reverse()) {
			await Promise.all(level.map(async unit => unit.stop()));
		}
	})();
	let deadline: NodeJS.Timeout | undefined;
	const timedOut = new Promise<'timeout'>(resolve => {
		deadline = setTimeout(resolve, killTimeoutSec * 1000, 'timeout');
	});
	try {
		if (await Promise.race([stopping, timedOut]) === 'timeout') {
			onTimeout();
			for (const unit of levels.flat()) {
				unit.forceKill();
			}
		}

		await stopping;
	} finally {
		clearTimeout(deadline);
	}
}
