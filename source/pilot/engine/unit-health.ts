import type {HealthStatus} from '../model/health.js';
import type {Process} from '../model/process-model.js';
import {HealthMonitor} from './health-monitor.js';

export type UnitHealthHooks = {
	/** Show the status in the process's row. */
	readonly show: (health: HealthStatus | null) => void;
	readonly report: (level: 'warn' | 'error', text: string) => void;
	/** The process turned unhealthy and its `on_unhealthy` is `restart`. */
	readonly restart: (reason: string) => void;
};

/**
Start the liveness checks of one run, once it is ready; returns the function that stops them.
Without a `health_check` (or with one no plugin provides, which `bind` reports) it does nothing.
*/
export function watchHealth(process: Process, pid: number, hooks: UnitHealthHooks): (keepStatus?: boolean) => void {
	const config = process.health_check;
	const check = process.healthCheckFunction;
	if (!config || !check) {
		return () => {};
	}

	const monitor = new HealthMonitor({
		process,
		config,
		check,
		pid,
		onStatus(status) {
			hooks.show(status);
		},
		onUnhealthy(reason) {
			const action = config.on_unhealthy === 'restart' ? '; restarting it' : ' (on_unhealthy: none)';
			hooks.report('warn', `${process.name} is unhealthy: ${reason}${action}`);
			if (config.on_unhealthy === 'restart') {
				hooks.restart(reason);
			}
		},
	});
	monitor.start();
	let isStopped = false;
	return (keepStatus = false) => {
		if (isStopped) {
			return;
		}

		isStopped = true;
		monitor.stop();
		if (!keepStatus) {
			hooks.show(null);
		}
	};
}
