import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, interactiveEnv, root} from './helpers/build-cli.js';
import {descendantsOf, killQuietly, waitFor} from './helpers/proc.js';

const manifest = path.join(root, 'test/fixtures/tui/tui-wide.yml');
let build: ReturnType<typeof buildCli>;

beforeAll(() => {
	build = buildCli('e2e-terminal');
}, 120_000);

afterAll(() => {
	build.remove();
});

/** A tmux server of its own running the pilot in one 120x30 pane, with `env` before the command. */
class Pane {
	readonly socket = `pilot-term-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

	constructor(env: string) {
		const command = `${env} ${process.execPath} ${build.cli} ${manifest}; echo "PILOT-EXIT:$?"; sleep 600`;
		this.tmux('new-session', '-d', '-s', 'main', '-x', '120', '-y', '30', command);
	}

	tmux(...args: string[]): string {
		return spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: interactiveEnv()}).stdout;
	}

	/** The screen as text, or with its attributes and colours as escape sequences (`-e`). */
	capture(withEscapes = false): string {
		return this.tmux('capture-pane', '-p', ...(withEscapes ? ['-e'] : []), '-t', 'main');
	}

	async waitFor(predicate: (screen: string) => boolean): Promise<string> {
		let screen = '';
		const isMatched = await waitFor(() => predicate(screen = this.capture()), 20_000);
		if (!isMatched) {
			throw new Error(`Screen never matched. Last screen:\n${screen}`);
		}

		return screen;
	}

	close(): void {
		const shell = Number(this.tmux('list-panes', '-t', 'main', '-F', '#{pane_pid}').trim());
		const pids = shell ? descendantsOf(shell) : [];
		this.tmux('kill-server');
		killQuietly(pids);
		rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid!()}`, this.socket), {force: true});
	}
}

/** SGR sequences that set a colour (30-38, 40-48, 90-107); 39/49 reset to the default colour and 0, 1, 2, 7, 22... are attributes. */
function colourCodes(screen: string): string[] {
	const found: string[] = [];
	for (const [, parameters] of screen.matchAll(/\u001B\[([\d;:]*)m/g)) {
		for (const code of parameters!.split(/[;:]/).map(Number)) {
			if ((code >= 30 && code <= 48 && code !== 39) || (code >= 90 && code <= 107)) {
				found.push(`\\e[${parameters}m`);
			}
		}
	}

	return found;
}

const isUp = (screen: string) => screen.includes('running 3/3');

let pane: Pane | undefined;

afterEach(() => {
	pane?.close();
	pane = undefined;
});

describe('terminal conventions (tmux)', () => {
	it('draws colours by default, and none with NO_COLOR (the selected row still shows)', async () => {
		pane = new Pane('');
		await pane.waitFor(isUp);
		expect(colourCodes(pane.capture(true)).length).toBeGreaterThan(0);
		pane.close();

		pane = new Pane('NO_COLOR=1');
		await pane.waitFor(isUp);
		const screen = pane.capture(true);
		expect(colourCodes(screen)).toEqual([]);
		expect(screen).toMatch(/\u001B\[[\d;]*7[\d;]*m/); // Reverse video is not a colour.
	}, 90_000);

	it('shows a \\r progress bar as its last state', async () => {
		pane = new Pane('');
		await pane.waitFor(isUp);
		pane.tmux('send-keys', '-t', 'main', 'l'); // All processes' logs.
		const screen = await pane.waitFor(text => text.includes('logs: all processes') && /progress +\| step \d+ 100%/.test(text));
		expect(screen.split('\n').filter(line => line.includes('step'))).not.toContainEqual(expect.stringMatching(/ (?:10|50)%/));
		expect(screen).toContain('数据库');
		expect(screen).toContain('🚀 api');
	}, 60_000);

	it('sends nothing but ASCII when the locale is not UTF-8 (LANG=C LC_ALL=C)', async () => {
		pane = new Pane('LANG=C LC_ALL=C');
		await pane.waitFor(isUp);
		pane.tmux('send-keys', '-t', 'main', 'l');
		const screen = await pane.waitFor(text => text.includes('logs: all processes') && /\?\?\?\?\?\? +\| \?\?\?\?\?\? tick/.test(text));
		expect([...screen].filter(char => char.codePointAt(0)! > 0x7F)).toEqual([]);
		// The state glyph, the log pane's rule and the key hints in their ASCII forms.
		expect(screen).toMatch(/^\* progress/m);
		expect(screen).toMatch(/^-- logs: all processes -- following ---/m);
		expect(screen).toMatch(/\^v select/);
	}, 60_000);
});
