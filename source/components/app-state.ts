import type {ProcessState} from '../pilot/model/process-state.js';
import type {ProcessView} from '../pilot/model/pilot-api.js';
import {type SortKey, sortKeys, visibleProcesses} from './sort.js';
import type {LogSearch} from './log-search.js';

export type LogMode = 'process' | 'all' | 'hidden';

export const logModes: readonly LogMode[] = ['process', 'all', 'hidden'];

export type Confirmation = 'restart-all' | 'stop-pilot' | 'reload';

/** What `L` found: the plan of a reload (asks before applying), or the problems of the manifest. */
export type ReloadView = {readonly lines: readonly string[]; readonly isValid: boolean};

/** A view that replaces the table and the log pane until Esc: `i` and `g`. */
export type Panel = 'detail' | 'graph';

export type Notice = {
	readonly level: 'info' | 'warn' | 'error';
	readonly text: string;
	readonly time: number;
};

/** A state shown at once after a key press, until the engine's row for that process changes. */
export type Pending = {
	readonly state: ProcessState;
	readonly view: ProcessView;
};

export type UiState = {
	/** Name of the selected process (names are unique and survive sorting). */
	readonly selected: string | null;
	readonly filter: string;
	readonly isFiltering: boolean;
	readonly sort: SortKey;
	readonly logMode: LogMode;
	/** `seq` of the newest log line in view while scrolled back; null while following. */
	readonly logAnchor: number | null;
	/** Search in the log pane (Ctrl-F), null when none. */
	readonly search: LogSearch | null;
	readonly isHelpShown: boolean;
	readonly panel: Panel | null;
	/** First line of the panel in view. */
	readonly panelScroll: number;
	readonly confirm: Confirmation | null;
	/** Shown over everything while set (`L`). */
	readonly reload: ReloadView | null;
	readonly isQuitting: boolean;
	readonly pending: Readonly<Record<string, Pending>>;
	readonly notice: Notice | null;
};

export const initialUiState: UiState = {
	selected: null,
	filter: '',
	isFiltering: false,
	sort: 'start',
	logMode: 'process',
	logAnchor: null,
	search: null,
	isHelpShown: false,
	panel: null,
	panelScroll: 0,
	confirm: null,
	reload: null,
	isQuitting: false,
	pending: {},
	notice: null,
};

export type UiEvent =
	| {readonly type: 'select'; readonly name: string}
	| {readonly type: 'filter-start'}
	| {readonly type: 'filter-edit'; readonly filter: string}
	| {readonly type: 'filter-end'; readonly isKept: boolean}
	| {readonly type: 'sort-next'}
	| {readonly type: 'logs-next'}
	| {readonly type: 'logs-anchor'; readonly anchor: number | null}
	| {readonly type: 'search-start'}
	| {readonly type: 'search-edit'; readonly pattern: string}
	| {readonly type: 'search-go'; readonly current: number | null; readonly anchor: number | null}
	| {readonly type: 'search-end'}
	| {readonly type: 'help-toggle'}
	| {readonly type: 'panel'; readonly panel: Panel | null}
	| {readonly type: 'panel-scroll'; readonly scroll: number}
	| {readonly type: 'confirm'; readonly confirm: Confirmation | null}
	| {readonly type: 'reload-shown'; readonly reload: ReloadView | null}
	| {readonly type: 'quitting'}
	| {readonly type: 'pending'; readonly name: string; readonly pending: Pending}
	| {readonly type: 'pending-clear'; readonly name: string}
	| {readonly type: 'notice'; readonly notice: Notice};

function next<T>(list: readonly T[], current: T): T {
	return list[(list.indexOf(current) + 1) % list.length] ?? current;
}

export function uiReducer(state: UiState, event: UiEvent): UiState {
	switch (event.type) {
		case 'select': {
			return event.name === state.selected ? state : {...state, selected: event.name, logAnchor: state.logMode === 'process' ? null : state.logAnchor, panelScroll: state.panel === 'detail' ? 0 : state.panelScroll};
		}

		case 'filter-start': {
			return {...state, isFiltering: true};
		}

		case 'filter-edit': {
			return {...state, filter: event.filter};
		}

		case 'filter-end': {
			return {...state, isFiltering: false, filter: event.isKept ? state.filter : ''};
		}

		case 'sort-next': {
			return {...state, sort: next(sortKeys, state.sort)};
		}

		case 'logs-next': {
			return {...state, logMode: next(logModes, state.logMode), logAnchor: null, search: state.search && {...state.search, current: null}};
		}

		case 'logs-anchor': {
			return {...state, logAnchor: event.anchor};
		}

		case 'search-start': {
			return {...state, search: {pattern: state.search?.pattern ?? '', isEditing: true, current: state.search?.current ?? null}};
		}

		case 'search-edit': {
			return state.search ? {...state, search: {...state.search, pattern: event.pattern}} : state;
		}

		case 'search-go': {
			return state.search ? {...state, search: {...state.search, isEditing: false, current: event.current}, logAnchor: event.anchor ?? state.logAnchor} : state;
		}

		case 'search-end': {
			return {...state, search: null, logAnchor: null};
		}

		case 'help-toggle': {
			return {...state, isHelpShown: !state.isHelpShown};
		}

		case 'panel': {
			return {...state, panel: event.panel, panelScroll: 0};
		}

		case 'panel-scroll': {
			return {...state, panelScroll: Math.max(0, event.scroll)};
		}

		case 'confirm': {
			return {...state, confirm: event.confirm};
		}

		case 'reload-shown': {
			// A valid plan asks before it is applied; closing it withdraws the question.
			return {...state, reload: event.reload, confirm: event.reload?.isValid ? 'reload' : state.confirm === 'reload' ? null : state.confirm};
		}

		case 'quitting': {
			return {...state, isQuitting: true, confirm: null, isFiltering: false};
		}

		case 'pending': {
			return {...state, pending: {...state.pending, [event.name]: event.pending}};
		}

		case 'pending-clear': {
			const {[event.name]: _cleared, ...rest} = state.pending;
			return {...state, pending: rest};
		}

		case 'notice': {
			return {...state, notice: event.notice};
		}
	}
}

/** The rows in their shown order and the selected one (the first when the selected name is gone). */
export function selectRows(processes: readonly ProcessView[], ui: UiState): {visible: readonly ProcessView[]; selected: ProcessView | null} {
	const visible = visibleProcesses(processes, ui.filter, ui.sort);
	return {visible, selected: visible.find(view => view.name === ui.selected) ?? visible[0] ?? null};
}
