import {Box} from 'ink';
import {useLayoutEffect, useMemo, useRef, useState} from 'react';
import {useLatestReducer} from '../hooks/use-latest-reducer.js';
import {useNow} from '../hooks/use-now.js';
import {useLogSeq} from '../hooks/use-pilot-snapshot.js';
import {useShownSnapshot} from '../hooks/use-shown-snapshot.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import type {PilotApi, PilotSnapshot, ProcessView} from '../pilot/model/pilot-api.js';
import {type QuitHow, useAppInput} from '../hooks/use-app-input.js';
import {initialUiState, selectRows, type UiState, uiReducer} from './app-state.js';
import {chooseColumns} from './columns.js';
import {hostColumnWidth, restartAllScope} from './fleet-view.js';
import {Footer} from './footer.js';
import {Header} from './header.js';
import {HelpOverlay} from './help-overlay.js';
import type {AppMode} from './keymap.js';
import type {HangupMode} from '../pilot/manifest/hangup-mode.js';
import {computeLayout, scrollTop} from './layout.js';
import {LogPane} from './log-pane.js';
import {linesInView, scrollbackLimit} from './log-scroll.js';
import {textWidth} from './format.js';
import {glyphs} from './glyphs.js';
import {MessageLine} from './message-line.js';
import {panelContent} from './panel-content.js';
import {reloadPanel} from './reload-panel.js';
import {panelRows, SidePanel} from './side-panel.js';
import {useProcessDetail} from '../hooks/use-process-detail.js';
import {useLogSearch} from '../hooks/use-log-search.js';
import {ProcessTable} from './process-table.js';
import {sortColumn} from './sort.js';
import {msUntilScreenChanges} from './uptime.js';

export type {QuitHow} from '../hooks/use-app-input.js';

export type AppProps = {
	/** The engine (`ProcessPilot`) or a remote view of one (`attach`): the UI touches nothing else. */
	readonly api: PilotApi;
	/** Manifest name shown in the header. */
	readonly title: string;
	/** Host the pilot runs on. */
	readonly host: string;
	/** `local`: q/Ctrl-C stop the pilot. `attached`: q detaches, `X` then `y` stops the remote pilot. */
	readonly mode: AppMode;
	/** Called once the user is done: after every process stopped, on detach, or on a forced quit (second Ctrl-C). */
	readonly onQuit: (how: QuitHow) => void;
	/** What the pilot does when the terminal goes away, shown in the header (local mode). */
	readonly onHangup?: HangupMode;
};

function newestMessage(snapshot: PilotSnapshot, ui: UiState) {
	const fromPilot = snapshot.messages.at(-1) ?? null;
	if (!ui.notice) {
		return fromPilot;
	}

	return fromPilot && fromPilot.time > ui.notice.time ? fromPilot : ui.notice;
}

function useLogLines(api: PilotApi, ui: UiState, name: string | undefined, height: number) {
	const isShown = ui.logMode !== 'hidden' && height > 0 && (ui.logMode === 'all' || name !== undefined);
	const target = ui.logMode === 'process' ? name : undefined;
	const logSeq = useLogSeq(api, isShown ? target : null);
	return useMemo(() => {
		if (!isShown) {
			return [];
		}

		return ui.logAnchor === null ? api.getLogs(target, height) : linesInView(api.getLogs(target, scrollbackLimit), ui.logAnchor, height);
		// `logSeq` is the signal that new lines arrived.
	}, [api, logSeq, isShown, target, ui.logAnchor, height]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** The whole screen: header, message line, process table, log pane (or help, or a detail/graph panel), footer. */
export function App({api, title, host, mode, onQuit, onHangup}: AppProps) {
	const snapshot = useShownSnapshot(api);
	const {columns: width, rows} = useTerminalSize();
	// The rows on screen (set below), so the clock wakes only when one of their uptimes shows another figure.
	const shownRows = useRef<readonly ProcessView[] | undefined>(undefined);
	const now = useNow(snapshot, at => (shownRows.current ? msUntilScreenChanges(at, snapshot.startedAt, shownRows.current) : 1000));
	const [ui, dispatch, getUi] = useLatestReducer(uiReducer, initialUiState);
	const {visible, selected} = useMemo(() => selectRows(snapshot.processes, ui), [snapshot.processes, ui]);
	const selectedIndex = selected ? visible.indexOf(selected) : 0;
	const panel = ui.isHelpShown ? null : ui.panel;
	const layout = computeLayout({rows, rowCount: visible.length, showLogs: ui.logMode !== 'hidden' && !ui.isHelpShown && !panel});
	// The first row in view follows the selection from where the last render left it (React's
	// "state from the previous render": a changed value renders again at once, before anything is drawn).
	const [shownTop, setShownTop] = useState(0);
	const top = scrollTop(shownTop, selectedIndex, layout.tableRows, visible.length);
	if (top !== shownTop) {
		setShownTop(top);
	}

	const longestName = useMemo(() => Math.max(4, ...snapshot.processes.map(view => textWidth(view.fleet?.process ?? view.name))), [snapshot.processes]);
	const hostWidth = useMemo(() => hostColumnWidth(snapshot.hosts), [snapshot.hosts]);
	const columns = useMemo(() => chooseColumns(width, {nameWidth: longestName, hostWidth}), [width, longestName, hostWidth]);
	const logHeight = Math.max(0, layout.logPaneLines - 1);
	const logs = useLogLines(api, ui, selected?.name, logHeight);
	const logTarget = ui.logMode === 'hidden' ? null : ui.logMode === 'all' ? undefined : selected?.name ?? null;
	const search = useLogSearch(api, ui.search, logTarget);
	const frameHeight = Math.max(1, rows - 1);
	const bodyHeight = frameHeight - 1 - layout.footerLines - layout.messageLines;
	const detail = useProcessDetail(api, panel === 'detail' ? selected?.name ?? null : null);
	const tableRows = visible.slice(top, top + layout.tableRows);
	const panelShown = useMemo(() => (panel ? panelContent(panel, detail, snapshot.processes, selected?.name ?? null, now) : null), [panel, detail, snapshot.processes, selected, now]);
	const content = ui.reload && !ui.isHelpShown ? reloadPanel(ui.reload) : panelShown;
	// A panel (detail: `up 3m05s`) ticks every second; the table only when a figure it shows changes.
	// Written while rendering: the clock's effect, which runs before any effect declared here, reads it.
	// eslint-disable-next-line react-hooks/refs -- the ref only carries this render's rows to the clock's callback
	shownRows.current = content || ui.isHelpShown ? undefined : tableRows;
	const panelPage = {rows: panelRows(bodyHeight), maxScroll: Math.max(0, (content?.lines.length ?? 0) - panelRows(bodyHeight))};
	// Read at the key press: the panel's length changes when its data arrives.
	const panelPageRef = useRef(panelPage);
	useLayoutEffect(() => {
		panelPageRef.current = panelPage;
	});
	useAppInput({api, mode, dispatch, getUi, logHeight, getPanelPage: () => panelPageRef.current, onQuit});

	const position = visible.length > layout.tableRows ? `${top + 1}-${top + layout.tableRows}/${visible.length}` : '';
	const status = [ui.sort === 'start' ? '' : `sort ${ui.sort}`, ui.filter && !ui.isFiltering ? `filter "${ui.filter}"` : '', position].filter(Boolean).join(` ${glyphs.separator} `);
	const paneTitle = ui.logMode === 'all' ? 'logs: all processes' : `logs: ${selected?.name ?? '-'}${selected?.reason ? ` ${glyphs.separator} ${selected.state}: ${selected.reason}` : ''}`;
	const logTitle = search.title ? `${paneTitle} ${glyphs.separator} ${search.title}` : paneTitle;
	return (
		<Box flexDirection="column" height={frameHeight} width={width}>
			<Header snapshot={snapshot} title={title} host={host} mode={mode} now={now} width={width} isQuitting={ui.isQuitting} onHangup={onHangup}/>
			{layout.messageLines ? <MessageLine message={newestMessage(snapshot, ui)}/> : null}
			{ui.isHelpShown ? <HelpOverlay mode={mode} height={bodyHeight}/> : content ? (
				<SidePanel title={content.title} lines={content.lines} height={bodyHeight} scroll={Math.min(ui.panelScroll, panelPage.maxScroll)} width={width}/>
			) : (
				<>
					<ProcessTable
						rows={tableRows}
						columns={columns}
						selected={selected?.name ?? null}
						now={now}
						pending={ui.pending}
						sortedBy={sortColumn[ui.sort]}
						hasTitle={layout.titleLines === 1}
						emptyText={snapshot.processes.length === 0 ? 'no processes' : `no process matches "${ui.filter}"`}
					/>
					{layout.logPaneLines > 0 ? <LogPane lines={logs} height={logHeight} title={logTitle} nameWidth={ui.logMode === 'all' ? Math.min(16, longestName) : 0} isFollowing={ui.logAnchor === null} width={width} highlight={search.regex} currentMatch={ui.search?.current ?? null}/> : null}
				</>
			)}
			<Box flexGrow={1}/>
			{layout.footerLines ? <Footer mode={mode} width={width} filter={ui.filter} isFiltering={ui.isFiltering} search={ui.search?.isEditing ? ui.search.pattern : null} confirm={ui.confirm} processCount={restartAllScope(snapshot.processes, selected).length} host={selected?.fleet?.host} status={status}/> : null}
		</Box>
	);
}
