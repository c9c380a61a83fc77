import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, inject, it} from 'vitest';

// test/global-setup.ts bundles the CLI as `npm run build` does; the other CLI tests run that bundle.
const cliDir = inject('cliDir');
const chunks = () => fs.readdirSync(path.join(cliDir, 'chunks')).filter(name => name.endsWith('.js')).map(name => fs.readFileSync(path.join(cliDir, 'chunks', name), 'utf8'));

describe('the CLI bundle', () => {
	it('reads yoga\'s WebAssembly from its own file, not from base64 in the JavaScript', () => {
		const wasm = fs.readFileSync(path.join(cliDir, 'chunks/yoga.wasm'));
		expect(wasm.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6D]));
		expect(chunks().some(code => code.includes('data:application/octet-stream;base64,AGFzbQ'))).toBe(false);
	});

	it('holds React\'s production build only, and zod\'s English messages only', () => {
		// The bundle is minified (no file comments): told apart by their texts.
		const code = chunks().join('\n');
		expect(code).toContain('createContainer');
		expect(code).not.toContain('not configured to support act(');
		expect(code).toContain('Invalid input');
		expect(code).not.toMatch(/Ung(?:ü|\\xFC|\\u00FC)ltige Eingabe/);
	});

	it('keeps string-width (its emoji expression costs the first frame) in a chunk loaded on demand', () => {
		const own = fs.readdirSync(path.join(cliDir, 'chunks')).filter(name => name.startsWith('string-width-'));
		expect(own).toHaveLength(1);
		expect(fs.readFileSync(path.join(cliDir, 'chunks', own[0] ?? ''), 'utf8')).toContain('RGI_Emoji');
	});

	it('runs: --version', () => {
		const result = spawnSync(process.execPath, [path.join(cliDir, 'cli.js'), '--version'], {encoding: 'utf8'});
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
	});
});
