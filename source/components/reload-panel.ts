import {colors as chalk} from '../terminal/color-mode.js';
import type {PanelContent} from './panel-content.js';
import type {ReloadView} from './app-state.js';

const stepColors: Record<string, (text: string) => string> = {'+': chalk.green, '-': chalk.red, '~': chalk.yellow, '!': chalk.yellow};

/** What `L` shows before asking: the plan, a step a line, or why the manifest cannot be applied. */
export function reloadPanel(reload: ReloadView): PanelContent {
	if (!reload.isValid) {
		return {title: 'reload: the manifest has problems; nothing changed (any key closes)', lines: reload.lines.map(line => chalk.red(line))};
	}

	return {title: 'reload: the plan (y applies it, any other key cancels)', lines: reload.lines.map(line => (stepColors[line[0] ?? ''] ?? chalk.dim)(line))};
}
