import type {DetailState} from '../hooks/use-process-detail.js';
import type {ProcessView} from '../pilot/model/pilot-api.js';
import type {Panel} from './app-state.js';
import {colors as chalk} from '../terminal/color-mode.js';
import {detailLines} from './detail-lines.js';
import {graphLines} from './graph-lines.js';

export type PanelContent = {readonly title: string; readonly lines: readonly string[]};

/** What an open panel shows: the selected process's details, or the dependency graph of every process. */
export function panelContent(panel: Panel, detail: DetailState, processes: readonly ProcessView[], selected: string | null, now: number): PanelContent {
	if (panel === 'graph') {
		return {title: 'dependency graph: what waits for what (start order, top down)', lines: graphLines(processes, selected)};
	}

	const title = `details: ${selected ?? '-'}`;
	switch (detail.kind) {
		case 'loading': {
			return {title, lines: [chalk.dim('loading…')]};
		}

		case 'error': {
			return {title, lines: [chalk.red(detail.message)]};
		}

		case 'loaded': {
			return {title, lines: detailLines(detail.detail, now)};
		}
	}
}
