import type {ProbeResult} from '../probes/probe-result.js';

/**
Runs `probe` until it answers ok, `delayMs` after each failed answer, never two at once; calls
`finish(true)` on success. Returns the cancel function `waitForReady` expects: it aborts the probe
in flight and the pending retry.
*/
export function retryProbe(probe: (signal: AbortSignal) => Promise<ProbeResult>, delayMs: number, finish: (isReady: boolean) => void): () => void {
	const abort = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const attempt = async (): Promise<void> => {
		const result = await probe(abort.signal);
		if (abort.signal.aborted) {
			return;
		}

		if (result.ok) {
			finish(true);
		} else {
			timer = setTimeout(() => void attempt(), delayMs);
		}
	};

	void attempt();
	return () => {
		abort.abort();
		clearTimeout(timer);
	};
}
