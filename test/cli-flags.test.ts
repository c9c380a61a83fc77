import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {findArgvProblem, type FlagSpec} from '../source/commands/check-argv.js';

const root = path.join(import.meta.dirname, '..');

const specs: Record<string, FlagSpec> = {
	plugins: {type: 'string'},
	tui: {type: 'boolean'},
	statsInterval: {type: 'number'},
	control: {type: 'string'},
	detach: {type: 'boolean', shortFlag: 'd'},
	json: {type: 'boolean'},
	lines: {type: 'number'},
};

describe('findArgvProblem', () => {
	it.each([
		[['demo.yml', '--no-tiu'], 'unknown flag --no-tiu (did you mean --no-tui?)'],
		[['demo.yml', '--stats-intervall', '2'], 'unknown flag --stats-intervall (did you mean --stats-interval?)'],
		[['demo.yml', '--jsno'], 'unknown flag --jsno (did you mean --json?)'],
		[['demo.yml', '--frobnicate'], 'unknown flag --frobnicate'],
		[['demo.yml', '-x'], 'unknown flag -x'],
		[['demo.yml', '--control'], '--control needs a value'],
		[['demo.yml', '--control', '--json'], '--control needs a value'],
		[['demo.yml', '--control='], '--control needs a value'],
		[['ctl', 'logs', '--lines'], '--lines needs a number'],
		[['ctl', 'logs', '--lines', 'many'], '--lines needs a number, got "many"'],
	])('%j: %s', (argv, expected) => {
		expect(findArgvProblem(argv, specs)).toBe(expected);
	});

	it.each([
		[['demo.yml']],
		[['demo.yml', '--no-tui', '--control', 'http', '--stats-interval=0.5']],
		[['demo.yml', '--statsInterval', '2', '-d']],
		[['--no-control', 'demo.yml']],
		[['ctl', 'logs', 'web', '--lines', '20', '--json']],
		[['--help']],
		[['--version']],
		[['ctl', 'start', '--', '--not-a-flag']],
		[['demo.yml', '--lines', '-5']],
	])('accepts %j', argv => {
		expect(findArgvProblem(argv, specs)).toBeUndefined();
	});
});

describe('pilot-tui with a bad flag', () => {
	const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.tsx'), ...args], {encoding: 'utf8', cwd: root});

	it('exits 2 with a suggestion for a mistyped flag, before reading the manifest', () => {
		const result = run('demo-manifests/demo.yml', '--no-tiu');
		expect(result.status).toBe(2);
		expect(result.stderr).toBe('pilot-tui: unknown flag --no-tiu (did you mean --no-tui?)\nRun pilot-tui --help for the options.\n');
		expect(result.stdout).toBe('');
	}, 30_000);

	it('prints the version and the help, exit 0', () => {
		const version = run('--version');
		expect(version.status).toBe(0);
		expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
		const help = run('--help');
		expect(help.status).toBe(0);
		expect(help.stdout).toMatch(/^\n {2}A process supervisor with a live terminal UI/);
		expect(help.stdout).toContain('\n  Usage\n    $ pilot-tui [manifest]');
		expect(help.stdout).toContain('--no-tui');
	}, 30_000);

	it('exits 2 when --control has no value', () => {
		const result = run('demo-manifests/demo.yml', '--control');
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('pilot-tui: --control needs a value');
	}, 30_000);
});
