import {dependencyTree, type TreeBranches, asciiBranches, unicodeBranches} from '../pilot/manifest/dependency-tree.js';
import type {ProcessView} from '../pilot/model/pilot-api.js';
import {colors as chalk} from '../terminal/color-mode.js';
import {asciiGlyphs, glyphs} from './glyphs.js';
import {stateStyle} from './state-style.js';
import {knownEntry} from '../pilot/model/known-entry.js';

/** Box-drawing lines, or their ASCII twins on a terminal that is not UTF-8. */
export const treeBranches: TreeBranches = glyphs === asciiGlyphs ? asciiBranches : unicodeBranches;

/**
The graph view's lines: the dependency tree of the rows (start order), each process with its state
glyph and name in its state's colour; the selected one in reverse video.
*/
export function graphLines(views: readonly ProcessView[], selected: string | null): string[] {
	const byName = new Map(views.map(view => [view.name, view]));
	return dependencyTree(views, treeBranches).map(line => {
		const view = knownEntry(byName, line.name);
		const style = stateStyle(view.state, view.ready);
		const name = line.name === selected ? chalk.inverse(line.name) : line.name;
		const also = line.alsoWaitsFor.length > 0 ? chalk.dim(`  (also waits for ${line.alsoWaitsFor.join(', ')})`) : '';
		return `${chalk.dim(line.prefix)}${style.color(style.glyph)} ${style.color.bold(name)} ${style.color(view.state)}${also}`;
	});
}
