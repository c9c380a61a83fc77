import fs from 'node:fs';
import path from 'node:path';

/** What the watcher needs of a pilot: its manifest's files and a way to reload. */
export type Reloadable = {
	readonly manifest: {readonly filePath: string | null; envFilePaths(): string[]};
	reload(): Promise<unknown>;
};

export type WatchOptions = {
	/** Quiet time after the last change before reloading (default 300 ms): an editor's save is several events. */
	readonly debounceMs?: number;
	readonly report: (level: 'info' | 'warn' | 'error', text: string) => void;
};

/**
Reload when the manifest file or an env file it reads changes. Watches the folders, not the files:
editors save by writing a new file and renaming it over the old one, which a watch on the file
itself would lose. After each reload the set of files is read again (an env file may be new).
*/
export function watchManifest(pilot: Reloadable, options: WatchOptions): {close(): void} {
	const debounceMs = options.debounceMs ?? 300;
	const watchers = new Map<string, fs.FSWatcher>();
	let files = new Set<string>();
	let timer: NodeJS.Timeout | undefined;
	let isClosed = false;
	let isReloading = false;
	let isPending = false;

	const reload = async () => {
		if (isReloading) {
			isPending = true;
			return;
		}

		isReloading = true;
		try {
			// A failed reload is on the message line already; the pilot runs on as before.
			await pilot.reload().catch(() => undefined);
		} finally {
			isReloading = false;
			if (!isClosed) {
				refresh();
			}
		}

		if (isPending && !isClosed) {
			isPending = false;
			schedule();
		}
	};

	const schedule = () => {
		clearTimeout(timer);
		timer = setTimeout(() => void reload(), debounceMs);
	};

	const refresh = () => {
		files = new Set([pilot.manifest.filePath, ...pilot.manifest.envFilePaths()].filter((file): file is string => file !== null));
		const folders = new Set([...files].map(file => path.dirname(file)));
		for (const [folder, watcher] of watchers) {
			if (!folders.has(folder)) {
				watcher.close();
				watchers.delete(folder);
			}
		}

		for (const folder of folders) {
			if (watchers.has(folder)) {
				continue;
			}

			try {
				const watcher = fs.watch(folder, (_event, name) => {
					if (name === null || files.has(path.join(folder, name))) {
						schedule();
					}
				});
				watcher.on('error', () => {
					watcher.close();
					watchers.delete(folder);
				});
				watchers.set(folder, watcher);
			} catch (error) {
				options.report('warn', `--watch cannot watch ${folder}: ${(error as Error).message}`);
			}
		}
	};

	refresh();
	return {
		close() {
			isClosed = true;
			clearTimeout(timer);
			for (const watcher of watchers.values()) {
				watcher.close();
			}

			watchers.clear();
		},
	};
}
