import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, interactiveEnv} from './helpers/build-cli.js';
import {waitFor} from './helpers/proc.js';

let build: ReturnType<typeof buildCli>;
const socket = `pilot-search-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: interactiveEnv()}).stdout;

beforeAll(() => {
	build = buildCli('e2e-search');
}, 120_000);

afterAll(() => {
	tmux('kill-server');
	build.remove();
});

async function screenWith(predicate: (screen: string) => boolean): Promise<string> {
	let screen = '';
	if (!await waitFor(() => predicate(screen = tmux('capture-pane', '-p', '-t', 'main')), 20_000)) {
		throw new Error(`Screen never matched. Last screen:\n${screen}`);
	}

	return screen;
}

describe.skipIf(spawnSync('tmux', ['-V']).status !== 0)('search in the log pane (tmux)', () => {
	it('Ctrl-F error Enter highlights and counts the matches, n moves, Esc ends', async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-search-'));
		fs.writeFileSync(path.join(folder, 'talker.mjs'), [
			'for (let i = 0; i < 30; i++) console.log(i % 10 === 3 ? "job " + i + " ERROR: disk" : "job " + i + " fine");',
			'setInterval(() => {}, 1000);',
		].join('\n'));
		const manifest = path.join(folder, 'search.yml');
		fs.writeFileSync(manifest, 'processes:\n  - name: talker\n    path: node\n    args: [talker.mjs]\n');
		tmux('new-session', '-d', '-s', 'main', '-x', '100', '-y', '30', `${process.execPath} ${build.cli} ${manifest}; sleep 600`);
		await screenWith(screen => screen.includes('job 29 fine'));
		tmux('send-keys', '-t', 'main', 'C-f');
		await screenWith(screen => screen.includes('search:'));
		tmux('send-keys', '-t', 'main', '-l', 'error');
		tmux('send-keys', '-t', 'main', 'Enter');
		let screen = await screenWith(text => text.includes('match 3 of 3'));
		expect(screen.split('\n').find(line => line.startsWith('>'))).toContain('job 23 ERROR');
		tmux('send-keys', '-t', 'main', 'n');
		screen = await screenWith(text => text.includes('match 2 of 3'));
		expect(screen.split('\n').find(line => line.startsWith('>'))).toContain('job 13 ERROR');
		tmux('send-keys', '-t', 'main', 'Escape');
		await screenWith(text => !text.includes('match') && text.includes('following'));
		tmux('send-keys', '-t', 'main', 'q');
		await screenWith(text => !text.includes('talker') || text.trim() === '');
	}, 90_000);
});
