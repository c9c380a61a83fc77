import {expect} from 'vitest';
import {App, type QuitHow} from '../../source/components/app.js';
import {FakePilot, makeView} from './fake-pilot.js';
import {renderAt} from './render-tui.js';
import type {PilotApi} from '../../source/pilot/model/pilot-api.js';

export type Rendered = ReturnType<typeof renderAt>;

/** Every app a test rendered, to unmount after it. */
export const rendered: Rendered[] = [];

export function unmountAll(): void {
	for (const instance of rendered.splice(0)) {
		instance.unmount();
	}
}

/** Five processes in every interesting state, with a few log lines. */
export function demoPilot(): FakePilot {
	const now = Date.now();
	const api = new FakePilot([
		makeView('db'),
		makeView('web', {dependencies: ['db'], restarts: 2, lastExit: {code: 1}}),
		makeView('worker-with-a-rather-long-name', {dependencies: ['db']}),
		makeView('flaky', {state: 'backoff', pid: null, ready: false, startedAt: null, restarts: 4, lastExit: {code: 3}, reason: 'exited with code 3', nextRetryAt: now + 7500, retryDelayMs: 8000}),
		makeView('cron', {state: 'stopped', pid: null, ready: false, startedAt: null}),
	]);
	api.addLog('db', 'db ready on /tmp/db.sock');
	api.addLog('web', 'listening on :8080');
	api.addLog('web', 'deprecated option --foo', 'stderr');
	return api;
}

export function show(api: PilotApi, size: {columns: number; rows: number}, options: {mode?: 'local' | 'attached'; onQuit?: (how: QuitHow) => void} = {}): Rendered {
	const instance = renderAt(<App api={api} title="demo.yml" host="box-1" mode={options.mode ?? 'local'} onQuit={options.onQuit ?? (() => undefined)}/>, size);
	rendered.push(instance);
	return instance;
}

/** The table line of a process (its name follows the state glyph). */
export function rowOf(frame: string, name: string): string {
	return frame.split('\n').find(line => line.includes(` ${name}`)) ?? '';
}

/** The frame is below the terminal's height and no line is wider than the terminal. */
export function expectFits(frame: string, size: {columns: number; rows: number}): void {
	const lines = frame.split('\n');
	expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
	for (const line of lines) {
		expect([...line].length).toBeLessThanOrEqual(size.columns);
	}
}
