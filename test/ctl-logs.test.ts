import {spawn} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {ProcessPilot} from '../source/pilot/pilot.js';
import {HttpControlPlugin} from '../source/pilot/plugins/control/http/http-control.js';
import {cliCommand, repoRoot, runCli} from './fixtures/control/cli.js';
import {engineFixtures, temporaryDirectory, waitUntil} from './helpers/engine.js';
import {joinHistory} from '../source/pilot/output/read-log-history.js';
import {parseSince} from '../source/commands/ctl-logs.js';

const pilots: ProcessPilot[] = [];
afterEach(async () => {
	await Promise.all(pilots.splice(0).map(async pilot => pilot.stop()));
});

/** A pilot that keeps only 100 lines in memory and writes log files; `writer` prints 3000 numbered lines per run. */
async function startPilot(folder: string): Promise<{pilot: ProcessPilot; socketPath: string}> {
	const socketPath = path.join(folder, 'ctl.sock');
	const manifest = ProcessManifest.fromObject({control_server: 'http', log_dir: path.join(folder, 'logs'), processes: [
		{name: 'writer', path: process.execPath, args: [path.join(engineFixtures, 'line-writer.js'), '3000', '30'], shutdown_strategy: 'do_not_restart'},
		{name: 'ticker', path: process.execPath, args: ['-e', 'let i = 0; setInterval(() => console.log("tick " + i++), 20)']},
	]}, {directory: folder});
	const pilot = new ProcessPilot(manifest, {logLines: 100, controlServer: {socketPath}});
	pilot.registerPlugins([new HttpControlPlugin()]);
	pilots.push(pilot);
	await pilot.start();
	await waitUntil(() => pilot.getLogs('writer', 1)[0]?.text.startsWith('line 0002999') ?? false, 20_000, 'the last line');
	await pilot.flushLogFiles();
	return {pilot, socketPath};
}

const numbered = (stdout: string) => stdout.trim().split('\n').map(line => Number(/line (\d+)/.exec(line)?.[1]));

describe('pilot-tui ctl logs', () => {
	it('reads the log files for history beyond the ring buffer, in order and without duplicates', async () => {
		const {socketPath} = await startPilot(temporaryDirectory());
		const result = await runCli(['ctl', 'logs', 'writer', '--lines', '2000', '--socket', socketPath]);
		expect(result.stderr).toBe('');
		expect(numbered(result.stdout)).toEqual(Array.from({length: 2000}, (_, index) => index + 1000));
		const since = await runCli(['ctl', 'logs', '--since', '10m', '--socket', socketPath]);
		const lines = since.stdout.trim().split('\n').filter(line => line.startsWith('writer'));
		expect(lines).toHaveLength(3000);
		expect(lines[0]).toMatch(/^writer \| line 0000000/);
	}, 60_000);

	it('with -f prints new lines until Ctrl-C, none twice and none left out', async () => {
		const {socketPath} = await startPilot(temporaryDirectory());
		const child = spawn(cliCommand[0], [...cliCommand.slice(1), 'ctl', 'logs', 'ticker', '-f', '--lines', '1', '--socket', socketPath], {cwd: repoRoot});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		await waitUntil(() => stdout.trim().split('\n').length >= 15, 20_000, 'followed lines');
		const exited = new Promise<number | null>(resolve => child.once('exit', resolve));
		child.kill('SIGINT');
		expect(await exited).toBe(0);
		const ticks = stdout.trim().split('\n').map(line => Number(/^tick (\d+)$/.exec(line)?.[1]));
		expect(ticks.every((tick, index) => index === 0 || tick === ticks[index - 1]! + 1)).toBe(true);
	}, 60_000);

	it('rejects a bad --since with one line', async () => {
		expect(() => parseSince('ten minutes')).toThrow("--since takes a duration like 30s, 10m, 2h or 1d, got 'ten minutes'");
		expect(parseSince('1.5h')).toBe(5_400_000);
	});

	it('joins file and memory lines of the same millisecond by count', () => {
		const line = (time: number, text: string) => ({process: 'p', stream: 'stdout' as const, text, time});
		const file = [line(1, 'a'), line(2, 'b'), line(2, 'c'), line(2, 'd'), line(3, 'e')];
		expect(joinHistory(file, [line(2, 'd'), line(3, 'e')]).map(entry => entry.text)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(joinHistory(file, []).map(entry => entry.text)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});
});
