import fsCallbacks from 'node:fs';
import fs from 'node:fs/promises';
import {promisify} from 'node:util';

/** The file operations a log file needs; injected in tests to fake a full disk. */
export type LogFs = {
	open(file: string, flags: string): Promise<number>;
	write(fd: number, buffer: Buffer, offset: number, length: number): Promise<number>;
	close(fd: number): Promise<void>;
	rename(from: string, to: string): Promise<void>;
	size(file: string): Promise<number>;
};

const open = promisify(fsCallbacks.open);
const write = promisify(fsCallbacks.write);
const close = promisify(fsCallbacks.close);

export const nodeLogFs: LogFs = {
	open: async (file, flags) => open(file, flags, 0o644),
	write: async (fd, buffer, offset, length) => write(fd, buffer, offset, length, null).then(result => result.bytesWritten),
	close: async fd => close(fd),
	rename: async (from, to) => fs.rename(from, to),
	async size(file) {
		try {
			return (await fs.stat(file)).size;
		} catch {
			return 0;
		}
	},
};

/** `file.N-1` → `file.N` … `file` → `file.1`; the oldest falls off. With 0 backups the file is just replaced. */
export async function rotateFiles(file: string, backups: number, logFs: LogFs): Promise<void> {
	for (let index = backups - 1; index >= 1; index--) {
		await renameIfPresent(logFs, `${file}.${index}`, `${file}.${index + 1}`);
	}

	if (backups > 0) {
		await renameIfPresent(logFs, file, `${file}.1`);
	}
}

async function renameIfPresent(logFs: LogFs, from: string, to: string): Promise<void> {
	try {
		await logFs.rename(from, to);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw error;
		}
	}
}
