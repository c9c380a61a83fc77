import {useInput} from 'ink';
import type {Dispatch} from 'react';
import type {ProcessState} from '../pilot/model/process-state.js';
import type {PilotApi, ProcessView} from '../pilot/model/pilot-api.js';
import {selectRows, type UiEvent, type UiState} from '../components/app-state.js';
import {restartAllScope} from '../components/fleet-view.js';
import {type Action, type AppMode, findBinding, keyNames} from '../components/keymap.js';
import {scrollbackLimit, scrollLogs} from '../components/log-scroll.js';
import {anchorFor, compileSearch, findMatches, stepMatch} from '../components/log-search.js';
import {applyReload, askReload, scaleSelected} from './reload-keys.js';

export type QuitHow = 'stop' | 'detach' | 'force';

export type InputOptions = {
	readonly api: PilotApi;
	readonly mode: AppMode;
	readonly dispatch: Dispatch<UiEvent>;
	/** The UI state as the previous key press left it (possibly not rendered yet). */
	readonly getUi: () => UiState;
	/** Lines the log pane shows (0 when hidden). */
	readonly logHeight: number;
	/** Content lines an open panel shows, and its last useful scroll position. */
	readonly getPanelPage?: () => {readonly rows: number; readonly maxScroll: number};
	readonly onQuit: (how: QuitHow) => void;
};

/** Everything a key press acts on, read fresh at the moment of the key press. */
export type InputContext = Omit<InputOptions, 'getUi'> & {
	readonly ui: UiState;
	/** The rows in their shown order (filtered and sorted). */
	readonly visible: readonly ProcessView[];
	readonly selected: ProcessView | null;
};

/** What a row shows right after an action, before the engine reports back. */
function restartPendingState(state: ProcessState): ProcessState {
	return state === 'running' || state === 'starting' || state === 'backoff' ? 'stopping' : 'starting';
}

function pendingStateFor(action: 'restart' | 'stop' | 'start', state: ProcessState): ProcessState | null {
	const isActive = state === 'running' || state === 'starting' || state === 'backoff';
	switch (action) {
		case 'restart': {
			return restartPendingState(state);
		}

		case 'stop': {
			return isActive ? 'stopping' : null;
		}

		case 'start': {
			return isActive ? null : 'starting';
		}
	}
}

function showError(context: InputContext, error: unknown): void {
	const text = error instanceof Error ? error.message : String(error);
	context.dispatch({type: 'notice', notice: {level: 'error', text, time: Date.now()}});
}

function report(context: InputContext, promise: Promise<unknown>, name?: string): void {
	promise.catch((error: unknown) => {
		if (name) {
			context.dispatch({type: 'pending-clear', name});
		}

		showError(context, error);
	});
}

function actOnSelected(context: InputContext, action: 'restart' | 'stop' | 'start'): void {
	const {selected, api, dispatch} = context;
	if (!selected) {
		return;
	}

	const state = pendingStateFor(action, selected.state);
	if (state) {
		dispatch({type: 'pending', name: selected.name, pending: {state, view: selected}});
	}

	const call = {restart: () => api.restartProcesses([selected.name]), stop: () => api.stopProcess(selected.name), start: () => api.startProcess(selected.name)}[action];
	report(context, call(), selected.name);
}

function stopPilot(context: InputContext, how: QuitHow): void {
	context.dispatch({type: 'quitting'});
	context.api.stop().then(
		() => {
			context.onQuit(how);
		},
		(error: unknown) => {
			showError(context, error);
			context.onQuit(how);
		},
	);
}

function moveSelection(context: InputContext, step: -1 | 1): void {
	const {visible, selected, dispatch} = context;
	if (visible.length === 0) {
		return;
	}

	const index = selected ? visible.indexOf(selected) : -1;
	const next = visible[Math.min(visible.length - 1, Math.max(0, index + step))];
	if (next !== undefined) {
		dispatch({type: 'select', name: next.name});
	}
}

function scroll(context: InputContext, direction: -1 | 1): void {
	if (context.ui.panel) {
		const {rows, maxScroll} = context.getPanelPage?.() ?? {rows: 1, maxScroll: 0};
		context.dispatch({type: 'panel-scroll', scroll: Math.min(maxScroll, context.ui.panelScroll + (direction * Math.max(1, rows - 1)))});
		return;
	}

	const {ui, logHeight, dispatch} = context;
	const lines = paneLines(context);
	if (!lines) {
		return;
	}

	dispatch({type: 'logs-anchor', anchor: scrollLogs(lines, ui.logAnchor, logHeight, direction)});
}

/** The lines the log pane shows (null while it is hidden or has no process). */
function paneLines(context: InputContext) {
	const {ui, api, selected} = context;
	if (ui.logMode === 'hidden') {
		return null;
	}

	if (ui.logMode === 'process') {
		return selected ? api.getLogs(selected.name, scrollbackLimit) : null;
	}

	return api.getLogs(undefined, scrollbackLimit);
}

/** Enter in the prompt (`first`), `n` (`next`), `N` (`previous`): move to that match and bring it into view. */
function goToMatch(context: InputContext, direction: 'first' | 'next' | 'previous'): void {
	const {ui, dispatch, logHeight} = context;
	const lines = paneLines(context);
	const regex = ui.search ? compileSearch(ui.search.pattern) : null;
	if (!ui.search || !lines || !(regex instanceof RegExp)) {
		dispatch({type: 'search-go', current: null, anchor: null});
		return;
	}

	const current = stepMatch(findMatches(lines, regex), ui.search.current, direction);
	dispatch({type: 'search-go', current, anchor: current === null ? null : anchorFor(lines, current, logHeight)});
}

function editSearch(context: InputContext, name: string, input: string): void {
	const {ui, dispatch} = context;
	const pattern = ui.search?.pattern ?? '';
	if (name === 'enter') {
		goToMatch(context, 'first');
	} else if (name === 'escape') {
		dispatch({type: 'search-end'});
	} else if (name === 'backspace') {
		dispatch({type: 'search-edit', pattern: [...pattern].slice(0, -1).join('')});
	} else if (input && !/[\u0000-\u001F]/.test(input) && name === input) {
		dispatch({type: 'search-edit', pattern: pattern + input});
	}
}

function runAction(context: InputContext, action: Action): void {
	const {dispatch} = context;
	switch (action) {
		case 'select-up': {
			moveSelection(context, -1);
			break;
		}

		case 'select-down': {
			moveSelection(context, 1);
			break;
		}

		case 'restart':
		case 'stop':
		case 'start': {
			actOnSelected(context, action);
			break;
		}

		case 'restart-all': {
			dispatch({type: 'confirm', confirm: 'restart-all'});
			break;
		}

		case 'stop-pilot': {
			dispatch({type: 'confirm', confirm: 'stop-pilot'});
			break;
		}

		case 'cycle-logs': {
			dispatch({type: 'logs-next'});
			break;
		}

		case 'scroll-up':
		case 'scroll-down': {
			scroll(context, action === 'scroll-up' ? -1 : 1);
			break;
		}

		case 'follow': {
			dispatch({type: 'logs-anchor', anchor: null});
			break;
		}

		case 'filter': {
			dispatch({type: 'filter-start'});
			break;
		}

		case 'search': {
			dispatch({type: 'search-start'});
			break;
		}

		case 'search-next':
		case 'search-previous': {
			if (context.ui.search) {
				goToMatch(context, action === 'search-next' ? 'next' : 'previous');
			}

			break;
		}

		case 'sort': {
			dispatch({type: 'sort-next'});
			break;
		}

		case 'detail':
		case 'graph': {
			const panel = action === 'detail' ? 'detail' : 'graph';
			dispatch({type: 'panel', panel: context.ui.panel === panel ? null : panel});
			break;
		}

		case 'reload': {
			askReload(context.api, dispatch);
			break;
		}

		case 'scale-up':
		case 'scale-down': {
			scaleSelected(context.api, dispatch, context.selected, context.api.getSnapshot().processes, action === 'scale-up' ? 1 : -1);
			break;
		}

		case 'help': {
			dispatch({type: 'help-toggle'});
			break;
		}

		case 'quit': {
			stopPilot(context, 'stop');
			break;
		}

		case 'detach': {
			context.onQuit('detach');
			break;
		}
	}
}

function answer(context: InputContext, isYes: boolean): void {
	const {ui, dispatch, api} = context;
	dispatch({type: 'confirm', confirm: null});
	if (ui.confirm === 'reload') {
		dispatch({type: 'reload-shown', reload: null});
	}

	if (!isYes) {
		return;
	}

	if (ui.confirm === 'reload') {
		applyReload(api, dispatch);
		return;
	}

	if (ui.confirm === 'restart-all') {
		const processes = restartAllScope(api.getSnapshot().processes, context.selected);
		const host = context.selected?.fleet?.host;
		if (host !== undefined && processes.length === 0) {
			dispatch({type: 'notice', notice: {level: 'warn', text: `${host} has no processes to restart`, time: Date.now()}});
			return;
		}

		if (host !== undefined) {
			dispatch({type: 'notice', notice: {level: 'info', text: `Restarting all ${processes.length} processes on ${host} only`, time: Date.now()}});
		}

		for (const view of processes) {
			dispatch({type: 'pending', name: view.name, pending: {state: restartPendingState(view.state), view}});
		}

		report(context, api.restartProcesses(processes.map(view => view.name)));
	} else if (ui.confirm === 'stop-pilot') {
		stopPilot(context, 'stop');
	}
}

function editFilter(context: InputContext, name: string, input: string): void {
	const {ui, dispatch} = context;
	if (name === 'enter' || name === 'escape') {
		dispatch({type: 'filter-end', isKept: name === 'enter'});
	} else if (name === 'backspace') {
		dispatch({type: 'filter-edit', filter: [...ui.filter].slice(0, -1).join('')});
	} else if (input && !/[\u0000-\u001F]/.test(input) && name === input) {
		dispatch({type: 'filter-edit', filter: ui.filter + input});
	}
}

/** Key presses → actions, through the keymap; modal states (quitting, question, filter, help, panel) first. */
export function handleKey(context: InputContext, name: string, input: string): void {
	const {ui, mode, dispatch} = context;
	if (ui.isQuitting) {
		if (name === 'ctrl+c') {
			context.onQuit('force');
		}

		return;
	}

	if (name === 'ctrl+c') {
		runAction(context, mode === 'local' ? 'quit' : 'detach');
	} else if (ui.reload && !ui.reload.isValid) {
		dispatch({type: 'reload-shown', reload: null});
	} else if (ui.confirm) {
		answer(context, name === 'y' || name === 'Y');
	} else if (ui.isFiltering) {
		editFilter(context, name, input);
	} else if (ui.search?.isEditing) {
		editSearch(context, name, input);
	} else if (ui.isHelpShown && (name === 'escape' || name === '?' || name === 'enter')) {
		dispatch({type: 'help-toggle'});
	} else if (ui.panel && name === 'escape') {
		dispatch({type: 'panel', panel: null});
	} else if (ui.search && name === 'escape') {
		dispatch({type: 'search-end'});
	} else if (name === 'enter' && (ui.logMode === 'hidden' || ui.panel)) {
		// Enter opens the details while the log pane is hidden (`l` brings it back) or from the graph.
		if (ui.panel !== 'detail') {
			dispatch({type: 'panel', panel: 'detail'});
		}
	} else {
		const binding = findBinding(name, mode);
		if (binding) {
			runAction(context, binding.action);
		}
	}
}

export function useAppInput(options: InputOptions): void {
	useInput((input, key) => {
		const {getUi, ...rest} = options;
		for (const name of keyNames(input, key)) {
			// Fresh for every key: the previous one may have changed the selection or opened a prompt.
			const ui = getUi();
			handleKey({...rest, ui, ...selectRows(rest.api.getSnapshot().processes, ui)}, name, name.length === 1 ? name : input);
		}
	});
}
