import {useMemo} from 'react';
import type {PilotApi} from '../pilot/model/pilot-api.js';
import {compileSearch, describeSearch, findMatches, type LogSearch} from '../components/log-search.js';
import {scrollbackLimit} from '../components/log-scroll.js';
import {useLogSeq} from './use-pilot-snapshot.js';

export type LogSearchView = {
	/** What to highlight, null while there is no search (or it is still being typed). */
	readonly regex: RegExp | null;
	/** For the pane's title: `/error/ match 2 of 5`, empty without a search. */
	readonly title: string;
};

const none: LogSearchView = {regex: null, title: ''};

/** The log search as the pane shows it; matches are counted again when new lines arrive. */
export function useLogSearch(api: PilotApi, search: LogSearch | null, target: string | undefined | null): LogSearchView {
	const isActive = search !== null && !search.isEditing && target !== null;
	const logSeq = useLogSeq(api, isActive ? target : null);
	return useMemo(() => {
		if (!isActive) {
			return none;
		}

		const regex = compileSearch(search.pattern);
		if (!(regex instanceof RegExp)) {
			return {regex: null, title: describeSearch(search, regex)};
		}

		const matches = findMatches(api.getLogs(target, scrollbackLimit), regex);
		return {regex, title: describeSearch(search, matches)};
		// `logSeq` is the signal that new lines arrived.
	}, [api, search, target, isActive, logSeq]); // eslint-disable-line react-hooks/exhaustive-deps
}
