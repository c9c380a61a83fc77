import {findMarked} from './procfs.js';
import {withTimeout} from './wait.js';

/**
Everything the bench starts inherits this variable, so a last sweep can find any survivor (a
peer's orphan, a child a crashed case left) by its environment and end it by pid.
*/
export const markerName = 'PILOT_BENCH_RUN';
export const markerValue = `${process.pid}-${Date.now()}`;
process.env[markerName] = markerValue;

const tasks = [];

/** Register a cleanup step; returns a function that unregisters it (call it once you cleaned up yourself). */
export function onCleanup(what, fn) {
	const task = {what, fn};
	tasks.push(task);
	return () => {
		const index = tasks.indexOf(task);
		if (index !== -1) {
			tasks.splice(index, 1);
		}
	};
}

/** Run every registered step, newest first, each bounded; then SIGKILL whatever still carries the marker. */
export async function runCleanup(log = () => {}) {
	while (tasks.length > 0) {
		const task = tasks.pop();
		try {
			await withTimeout(Promise.resolve().then(task.fn), 15_000, `cleanup of ${task.what}`);
		} catch (error) {
			log(`cleanup of ${task.what} failed: ${error.message}`);
		}
	}

	return sweepMarked();
}

/** SIGKILL every process carrying this run's marker; returns how many there were. */
export function sweepMarked() {
	const pids = findMarked(markerName, markerValue);
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}

	return pids.length;
}

let isExiting = false;

/** On SIGINT/SIGTERM/SIGHUP: clean up, then exit with 128 + signal number. */
export function installSignalHandlers(log) {
	const numbers = {SIGINT: 2, SIGTERM: 15, SIGHUP: 1};
	for (const signal of Object.keys(numbers)) {
		process.on(signal, () => {
			if (isExiting) {
				return;
			}

			isExiting = true;
			log(`\n${signal}: cleaning up`);
			runCleanup(log).finally(() => {
				process.exit(128 + numbers[signal]);
			});
		});
	}
}
