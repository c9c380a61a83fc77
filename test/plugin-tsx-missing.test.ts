import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {importTypeScript, isTsxMissing, tsxMissingMessage} from '../source/pilot/plugins/import-typescript.js';
import {importPlugins} from '../source/pilot/plugins/plugin-loader.js';

const fixtures = path.join(import.meta.dirname, 'fixtures', 'plugins');

/** What Node throws for `import('tsx/esm/api')` where tsx is not installed. */
const {notFound} = vi.hoisted(() => ({
	notFound: (): Error => Object.assign(new Error('Cannot find package \'tsx\' imported from /app/node_modules/pilot-tui/dist/plugin-loader.js'), {code: 'ERR_MODULE_NOT_FOUND'}),
}));

// A machine without the optional peer dependency tsx.
vi.mock('tsx/esm/api', () => {
	throw notFound();
});

describe('a .ts plugin without tsx installed', () => {
	it('fails with a message that says what to install, naming the file', async () => {
		const error = await importPlugins(path.join(fixtures, 'good')).catch((error_: unknown) => error_ as Error);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/^Cannot load plugin .*\.ts: TypeScript plugins need the optional package tsx: run `npm install tsx`/);
	});

	it('recognises only tsx itself missing, not a module a plugin imports', () => {
		expect(isTsxMissing(notFound())).toBe(true);
		expect(isTsxMissing(Object.assign(new Error('Cannot find package \'left-pad\' imported from /x/p.ts'), {code: 'ERR_MODULE_NOT_FOUND'}))).toBe(false);
		expect(isTsxMissing(new Error('tsx'))).toBe(false);
	});

	it('passes other loader errors through unchanged', async () => {
		const other = new Error('boom');
		await expect(importTypeScript('file:///x.ts', import.meta.url, async () => Promise.reject(other))).rejects.toBe(other);
		await expect(importTypeScript('file:///x.ts', import.meta.url, async () => Promise.reject(notFound()))).rejects.toThrow(tsxMissingMessage);
	});
});
