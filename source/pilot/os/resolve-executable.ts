import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A regular file (after symlinks) that this user may execute. */
export function isExecutableFile(file: string): boolean {
	try {
		if (!fs.statSync(file).isFile()) {
			return false;
		}

		fs.accessSync(file, fs.constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** `node`, `sleep`: a name without a slash, to look up on PATH. */
export function isBareCommand(executable: string): boolean {
	return !executable.includes('/') && !executable.includes('\\') && !executable.includes('*');
}

/** The first executable file called `name` in the folders of PATH, or null. */
export function findOnPath(name: string, pathVariable = process.env['PATH'] ?? ''): string | null {
	for (const folder of pathVariable.split(path.delimiter)) {
		if (folder === '') {
			continue;
		}

		const candidate = path.resolve(folder, name);
		if (isExecutableFile(candidate)) {
			return candidate;
		}
	}

	return null;
}

/**
Expand `*` (and `?`) in an absolute path, one path segment at a time, returning every existing
match in sorted order. No `**`, no braces: a manifest names one executable.
*/
export function expandWildcard(pattern: string): string[] {
	const {root} = path.parse(pattern);
	const segments = pattern.slice(root.length).split(/[/\\]+/).filter(Boolean);
	let candidates = [root];
	for (const segment of segments) {
		const next: string[] = [];
		const matcher = segment.includes('*') || segment.includes('?') ? segmentMatcher(segment) : null;
		for (const folder of candidates) {
			if (!matcher) {
				const candidate = path.join(folder, segment);
				if (fs.existsSync(candidate)) {
					next.push(candidate);
				}

				continue;
			}

			let entries: string[];
			try {
				entries = fs.readdirSync(folder);
			} catch {
				continue;
			}

			for (const entry of entries.sort()) {
				if (matcher.test(entry) && (segment.startsWith('.') || !entry.startsWith('.'))) {
					next.push(path.join(folder, entry));
				}
			}
		}

		candidates = next;
		if (candidates.length === 0) {
			break;
		}
	}

	return candidates.sort();
}

function segmentMatcher(segment: string): RegExp {
	const source = [...segment].map(char => {
		if (char === '*') {
			return '[^/]*';
		}

		if (char === '?') {
			return '[^/]';
		}

		return char.replace(/[\\^$.|+()[\]{}]/g, String.raw`\$&`);
	}).join('');
	return new RegExp(`^${source}$`);
}

/** `file` made absolute against `base`; a leading `~/` means the home folder, as in a shell. */
export function resolveUserPath(base: string, file: string): string {
	if (file === '~' || file.startsWith('~/')) {
		return path.join(os.homedir(), file.slice(1));
	}

	return path.resolve(base, file);
}
