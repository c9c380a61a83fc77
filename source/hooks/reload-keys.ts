import type {Dispatch} from 'react';
import type {PilotApi, ProcessView} from '../pilot/model/pilot-api.js';
import type {UiEvent} from '../components/app-state.js';

function notice(dispatch: Dispatch<UiEvent>, level: 'info' | 'warn' | 'error', text: string): void {
	dispatch({type: 'notice', notice: {level, text, time: Date.now()}});
}

function firstLine(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** `L`: ask the pilot for the plan of a reload (a dry run) and show it; `y` then applies it. */
export function askReload(api: PilotApi, dispatch: Dispatch<UiEvent>): void {
	if (!api.reload) {
		notice(dispatch, 'warn', 'This view cannot reload a manifest');
		return;
	}

	notice(dispatch, 'info', 'Reading the manifest again…');
	api.reload({dryRun: true}).then(
		result => {
			const {start, stop, restart, settings} = result.plan;
			if (start.length + stop.length + restart.length + settings.length === 0) {
				notice(dispatch, 'info', 'The manifest has not changed: nothing to reload');
				return;
			}

			dispatch({type: 'reload-shown', reload: {lines: result.lines, isValid: true}});
		},
		(error: unknown) => {
			const lines = (error instanceof Error ? error.message : String(error)).split('\n');
			dispatch({type: 'reload-shown', reload: {lines, isValid: false}});
		},
	);
}

/** `y` on the plan: apply it. The pilot reports the outcome on the message line. */
export function applyReload(api: PilotApi, dispatch: Dispatch<UiEvent>): void {
	api.reload?.().catch((error: unknown) => {
		notice(dispatch, 'error', `Reload failed, nothing changed: ${firstLine(error)}`);
	});
}

/** `+` / `-` on a replica: one copy more or less of its group (new copies start, the highest number stops). */
export function scaleSelected(api: PilotApi, dispatch: Dispatch<UiEvent>, selected: ProcessView | null, processes: readonly ProcessView[], step: 1 | -1): void {
	const replica = selected?.replica;
	if (!selected || !replica) {
		notice(dispatch, 'warn', `${selected?.name ?? 'This row'} is not a replica: + and - scale a process with replicas: N`);
		return;
	}

	if (!api.scale) {
		notice(dispatch, 'warn', 'This view cannot scale');
		return;
	}

	const count = processes.filter(view => view.replica?.group === replica.group).length + step;
	if (count < 1) {
		notice(dispatch, 'warn', `${replica.group} keeps at least one copy (stop it with s)`);
		return;
	}

	api.scale(replica.group, count).catch((error: unknown) => {
		notice(dispatch, 'error', `Scaling ${replica.group} failed: ${firstLine(error)}`);
	});
}
