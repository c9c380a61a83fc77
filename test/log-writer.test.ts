import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {temporaryDirectory, waitUntil} from './helpers/engine.js';
import {LogFileWriter, type LogFileTrouble} from '../source/pilot/output/log-file-writer.js';
import {nodeLogFs, type LogFs} from '../source/pilot/output/log-rotation.js';
import {LogLineFormatter, parseLogLine} from '../source/pilot/output/log-line-format.js';
import {parseByteSize} from '../source/pilot/manifest/log-settings.js';
import {defaultLogDir} from '../source/pilot/output/log-dir.js';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {thrown} from './helpers/manifest-error.js';

const lines = (count: number) => Array.from({length: count}, (_, index) => `line ${index}\n`);

describe('LogFileWriter', () => {
	it('after short writes and a failed write, writes every byte once, in order', async () => {
		const file = path.join(temporaryDirectory(), 'a.log');
		let calls = 0;
		const flaky: LogFs = {
			...nodeLogFs,
			async write(fd, buffer, offset, length) {
				calls++;
				if (calls % 3 === 0) {
					throw Object.assign(new Error('EIO: i/o error'), {code: 'EIO'});
				}

				// Half of what was asked: a short write.
				return nodeLogFs.write(fd, buffer, offset, Math.max(1, Math.floor(length / 2)));
			},
		};
		const troubles: LogFileTrouble[] = [];
		const writer = await LogFileWriter.open(file, {maxBytes: 1e9, backups: 0, logFs: flaky, retryMs: 5, onTrouble: trouble => troubles.push(trouble)});
		for (const line of lines(500)) {
			writer.push(line);
		}

		await waitUntil(() => fs.readFileSync(file, 'utf8') === lines(500).join(''), 10_000, 'every line');
		await writer.close();
		expect(troubles.filter(trouble => trouble.kind === 'failing').length).toBeGreaterThanOrEqual(1);
		expect(troubles.at(-1)).toMatchObject({kind: 'recovered', dropped: 0});
	});

	it('drops and counts lines past its memory limit, reporting once', async () => {
		const file = path.join(temporaryDirectory(), 'b.log');
		let isFull = true;
		const full: LogFs = {...nodeLogFs, async write(...args) {
			if (isFull) {
				throw Object.assign(new Error('ENOSPC: no space left on device'), {code: 'ENOSPC'});
			}

			return nodeLogFs.write(...args);
		}};
		const troubles: LogFileTrouble[] = [];
		const writer = await LogFileWriter.open(file, {maxBytes: 1e9, backups: 0, logFs: full, retryMs: 10, maxQueuedChars: 100, onTrouble: trouble => troubles.push(trouble)});
		for (const line of lines(100)) {
			writer.push(line);
		}

		expect(troubles.map(trouble => trouble.kind)).toEqual(['dropping']);
		isFull = false;
		await waitUntil(() => troubles.length === 2, 5000, 'recovery');
		await writer.close();
		const kept = fs.readFileSync(file, 'utf8');
		expect(kept).toBe(lines(100).join('').slice(0, kept.length));
		expect(troubles[1]).toMatchObject({kind: 'recovered', dropped: 100 - kept.split('\n').filter(Boolean).length});
	});

	it('with 0 backups starts the file afresh at the limit', async () => {
		const file = path.join(temporaryDirectory(), 'c.log');
		const writer = await LogFileWriter.open(file, {maxBytes: 100, backups: 0});
		for (const line of lines(100)) {
			writer.push(line);
		}

		await writer.close();
		expect(fs.readdirSync(path.dirname(file))).toEqual(['c.log']);
		expect(fs.readFileSync(file, 'utf8').endsWith('line 99\n')).toBe(true);
		expect(fs.statSync(file).size).toBeLessThanOrEqual(100);
	});

	it('fills a file up to its limit line by line when lines come in blocks, and counts a dropped block as its lines', async () => {
		const dir = temporaryDirectory();
		const file = path.join(dir, 'd.log');
		const writer = await LogFileWriter.open(file, {maxBytes: 100, backups: 1});
		const all = lines(30);
		for (let start = 0; start < all.length; start += 10) {
			writer.push(all.slice(start, start + 10).join(''), 10);
		}

		await writer.close();
		const written = fs.readFileSync(`${file}.1`, 'utf8') + fs.readFileSync(file, 'utf8');
		expect(written).toBe(all.slice(-written.split('\n').length + 1).join(''));
		expect(fs.statSync(file).size).toBeLessThanOrEqual(100);
		expect(fs.statSync(`${file}.1`).size).toBeGreaterThan(90);

		const troubles: LogFileTrouble[] = [];
		const small = await LogFileWriter.open(path.join(dir, 'e.log'), {maxBytes: 1e9, backups: 0, maxQueuedChars: 10, onTrouble: trouble => troubles.push(trouble)});
		small.push(all.slice(0, 5).join(''), 5);
		expect(small.dropped).toBe(5);
		await small.close();
	});
});

describe('log line formats and settings', () => {
	it('formats and reads back text and json lines', () => {
		const time = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
		const text = new LogLineFormatter('text').line(time, 'stderr', 'oops "x"');
		expect(text).toBe('2026-01-02T03:04:05.006Z err oops "x"\n');
		expect(parseLogLine(text.trimEnd())).toEqual({time, stream: 'err', text: 'oops "x"'});
		const json = new LogLineFormatter('json').line(time, 'stdout', 'a\tb');
		expect(JSON.parse(json)).toEqual({time: '2026-01-02T03:04:05.006Z', stream: 'out', text: 'a\tb'});
		expect(parseLogLine(json.trimEnd())).toEqual({time, stream: 'out', text: 'a\tb'});
	});

	it.each(['text', 'json'] as const)('formats a block of %s lines as each line in turn', format => {
		const time = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
		const texts = ['one', '', 'th"ree', 'a\tb'];
		const formatter = new LogLineFormatter(format);
		expect(formatter.lines(time, 'stdout', texts)).toBe(texts.map(text => formatter.line(time, 'stdout', text)).join(''));
		expect(formatter.lines(time, 'stderr', ['only'])).toBe(formatter.line(time, 'stderr', 'only'));
	});

	it.each([[1024, 1024], ['1MB', 1_048_576], ['512 kb', 524_288], ['1.5k', 1536], ['10M', 10_485_760]] as const)('reads the size %s', (value, bytes) => {
		expect(parseByteSize(value)).toBe(bytes);
	});

	it.each([0, -1, 1.5, '', 'MB', '5 parsecs', true])('rejects the size %s', value => {
		expect(parseByteSize(value)).toBeNull();
	});

	it('reports a bad log_max_bytes and log_format with their place', () => {
		const folder = temporaryDirectory();
		const file = path.join(folder, 'm.yml');
		fs.writeFileSync(file, 'log_max_bytes: lots\nlog_format: xml\nprocesses:\n  - name: a\n    path: sleep\n');
		const message = thrown(() => ProcessManifest.fromFile(file)).message;
		expect(message).toMatch(/m\.yml:1:16 log_max_bytes: Expected a size in bytes/);
		expect(message).toMatch(/m\.yml:2:13 log_format: Must be one of "text", "json"/);
	});

	it('resolves log_dir and log_file against the manifest folder and defaults the detached folder', () => {
		const folder = temporaryDirectory();
		const manifest = ProcessManifest.fromObject({log_dir: 'logs', processes: [{name: 'a', path: 'sleep', log_file: 'x/a.txt'}]}, {directory: folder});
		expect(manifest.logging).toMatchObject({dir: path.join(folder, 'logs'), files: {a: path.join(folder, 'logs', 'x', 'a.txt')}, maxBytes: 10 * 1024 * 1024, backups: 5, format: 'text'});
		expect(defaultLogDir('/srv/app/app.yml', {XDG_STATE_HOME: '/state'})).toMatch(/^\/state\/pilot-tui\/app-[\da-f]{8}$/);
		expect(defaultLogDir('/srv/other/app.yml', {XDG_STATE_HOME: '/state'})).not.toBe(defaultLogDir('/srv/app/app.yml', {XDG_STATE_HOME: '/state'}));
	});
});
