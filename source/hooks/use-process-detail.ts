import {useEffect, useState} from 'react';
import type {PilotApi} from '../pilot/model/pilot-api.js';
import type {ProcessDetail} from '../pilot/model/process-detail.js';

export type DetailState =
	| {readonly kind: 'loading'}
	| {readonly kind: 'loaded'; readonly detail: ProcessDetail}
	| {readonly kind: 'error'; readonly message: string};

const loading: DetailState = {kind: 'loading'};

const refreshMs = 1000;

/**
The detail of one process (`name`), fetched through the API when the panel opens and again when
the pilot reports a change, at most once a second (a remote pilot answers over HTTP). `null`
closes it: nothing is fetched.
*/
export function useProcessDetail(api: PilotApi, name: string | null): DetailState {
	// Kept with the name it belongs to: right after the selection moved, the old one is not shown.
	const [state, setNamedState] = useState<{readonly name: string | null; readonly detail: DetailState}>({name: null, detail: loading});
	useEffect(() => {
		if (name === null) {
			return;
		}

		const setState = (detail: DetailState) => {
			setNamedState({name, detail});
		};

		if (!api.getProcessDetail) {
			setState({kind: 'error', message: 'Process details are not available here'});
			return;
		}

		let isCurrent = true;
		let isFetching = false;
		let isDue = false;
		let lastFetch = 0;
		let timer: NodeJS.Timeout | undefined;
		const fetch = () => {
			timer = undefined;
			isFetching = true;
			isDue = false;
			lastFetch = Date.now();
			const request = api.getProcessDetail?.(name) ?? Promise.reject(new Error('Process details are not available here'));
			request.then(
				detail => {
					if (isCurrent) {
						setState({kind: 'loaded', detail});
					}
				},
				(error: unknown) => {
					if (isCurrent) {
						setState({kind: 'error', message: error instanceof Error ? error.message : String(error)});
					}
				},
			).finally(() => {
				isFetching = false;
				if (isDue) {
					schedule();
				}
			});
		};

		const schedule = () => {
			if (!isCurrent || timer) {
				return;
			}

			if (isFetching) {
				isDue = true;
				return;
			}

			timer = setTimeout(fetch, Math.max(0, lastFetch + refreshMs - Date.now()));
		};

		fetch();
		const unsubscribe = api.subscribe(schedule);
		return () => {
			isCurrent = false;
			clearTimeout(timer);
			unsubscribe();
		};
	}, [api, name]);
	return name !== null && state.name === name ? state.detail : loading;
}
