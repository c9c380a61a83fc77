import {describe, expect, it} from 'vitest';
import {parseArgv, type DeclaredFlag} from '../source/commands/parse-argv.js';

const specs: Record<string, DeclaredFlag> = {
	tui: {type: 'boolean', default: true},
	statsInterval: {type: 'number'},
	control: {type: 'string'},
	detach: {type: 'boolean', shortFlag: 'd', default: false},
	follow: {type: 'boolean', shortFlag: 'f', default: false},
	lines: {type: 'number', default: 50},
	host: {type: 'string', isMultiple: true},
	graph: {type: 'string'},
};

describe('parseArgv', () => {
	it('gives the defaults and the words when no flag is given', () => {
		expect(parseArgv(['demo.yml'], specs)).toEqual({input: ['demo.yml'], flags: {tui: true, detach: false, follow: false, lines: 50}});
	});

	it('reads --name value, --name=value, kebab and camel names, numbers as numbers', () => {
		const {input, flags} = parseArgv(['--control', 'http', 'app.yml', '--stats-interval=0.5', '--lines', '-5'], specs);
		expect(input).toEqual(['app.yml']);
		expect(flags).toMatchObject({control: 'http', statsInterval: 0.5, lines: -5});
		expect(parseArgv(['--statsInterval', '2'], specs).flags['statsInterval']).toBe(2);
	});

	it('negates with --no-, for booleans and for string flags (--no-control gives false)', () => {
		expect(parseArgv(['--no-tui', '--no-control'], specs).flags).toMatchObject({tui: false, control: false});
		expect(parseArgv(['--tui=false'], specs).flags['tui']).toBe(false);
	});

	it('reads short flags alone and together', () => {
		expect(parseArgv(['app.yml', '-d'], specs).flags['detach']).toBe(true);
		expect(parseArgv(['ctl', 'logs', '-df'], specs).flags).toMatchObject({detach: true, follow: true});
	});

	it('collects a repeatable flag into a list', () => {
		expect(parseArgv(['ctl', '--host', 'web1', 'status', '--host=web2'], specs)).toEqual({
			input: ['ctl', 'status'],
			flags: expect.objectContaining({host: ['web1', 'web2']}) as unknown,
		});
	});

	it('takes everything after -- as words, and a negative number as a word', () => {
		expect(parseArgv(['ctl', 'start', '--', '--not-a-flag', '-d'], specs).input).toEqual(['ctl', 'start', '--not-a-flag', '-d']);
		expect(parseArgv(['ctl', 'scale', 'web', '-1'], specs).input).toEqual(['ctl', 'scale', 'web', '-1']);
	});

	it('sees --help and --version, which nobody declares', () => {
		expect(parseArgv(['--help'], specs).flags['help']).toBe(true);
		expect(parseArgv(['check', '--version'], specs).flags['version']).toBe(true);
	});
});
