/** Set in the environment of the pilot `--detach` starts, so it knows it is that pilot (removed by the CLI at once). */
export const detachedChildMarker = 'PILOT_TUI_DETACHED_CHILD';

export const detachedChildEnv: Readonly<Record<string, string>> = {[detachedChildMarker]: '1'};

/** What the detached pilot tells the command that started it, once its start has settled. */
export type DetachedChildMessage = {readonly type: 'started'; readonly socketPath: string};

/** Tell the waiting `--detach` command that the start has settled, then let it go. */
export function reportStarted(socketPath: string): void {
	if (!process.send || !process.connected) {
		return; // The command that started it is gone (Ctrl-C): nobody to tell.
	}

	const message: DetachedChildMessage = {type: 'started', socketPath};
	process.send(message, undefined, {}, () => {
		if (process.connected) {
			process.disconnect();
		}
	});
}
