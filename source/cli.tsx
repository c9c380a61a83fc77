#!/usr/bin/env node
import {findArgvProblem} from './commands/check-argv.js';
import {parseArgv, type DeclaredFlag} from './commands/parse-argv.js';
import type {CliFlags} from './commands/flags.js';
import {fail} from './commands/exit-with-error.js';
import {expandGraphFlag} from './commands/check-graph.js';
import {detachedChildMarker} from './commands/detached-child.js';
import {controlDefaultsFromEnv} from './commands/control-options-from-env.js';

// One declaration for the parser and for the check that rejects unknown flags and missing values.
const flagSpecs = {
	plugins: {type: 'string'},
	tui: {type: 'boolean', default: true},
	statsInterval: {type: 'number'},
	strict: {type: 'boolean', default: false},
	control: {type: 'string'},
	detach: {type: 'boolean', shortFlag: 'd', default: false},
	onHangup: {type: 'string'},
	socket: {type: 'string'},
	json: {type: 'boolean', default: false},
	lines: {type: 'number', default: 50},
	since: {type: 'string'},
	follow: {type: 'boolean', shortFlag: 'f', default: false},
	graph: {type: 'string'},
	host: {type: 'string', isMultiple: true},
	remoteCommand: {type: 'string'},
	fleet: {type: 'string'},
	dryRun: {type: 'boolean', default: false},
	watch: {type: 'boolean', default: false},
} satisfies Record<string, DeclaredFlag>;

// `-f` is the fleet file for attach (other commands may use it otherwise).
const argv = expandGraphFlag(process.argv[2] === 'attach' ? process.argv.slice(2).map(argument => argument === '-f' ? '--fleet' : argument) : process.argv.slice(2));
const argvProblem = findArgvProblem(argv, flagSpecs);
if (argvProblem) {
	console.error(`pilot-tui: ${argvProblem}\nRun pilot-tui --help for the options.`);
	process.exit(2);
}

const cli = parseArgv(argv, flagSpecs);
// What `ps` and `top` show for the pilot (meow set the same before).
process.title = 'pilot-tui';
if (cli.flags['help'] === true || cli.flags['version'] === true) {
	const {helpText, versionText} = await import('./commands/help-text.js');
	process.stdout.write(cli.flags['help'] === true ? helpText() : versionText());
	process.exit(0);
}

// `PILOT_*` variables are read here, in the CLI, and passed down as options.
const flags: CliFlags = {...cli.flags as unknown as CliFlags, controlDefaults: controlDefaultsFromEnv(process.env)};
// Set only for the pilot `--detach` starts; removed at once so its children never inherit it.
const isDetachedChild = process.env[detachedChildMarker] === '1';
Reflect.deleteProperty(process.env, detachedChildMarker);
const [command, ...rest] = cli.input;

async function main(): Promise<number> {
	switch (command) {
		case 'check': {
			const {runCheck} = await import('./commands/check.js');
			return runCheck(rest, flags);
		}

		case 'schema': {
			const {runSchema} = await import('./commands/schema.js');
			return runSchema(rest, flags);
		}

		case 'ctl': {
			const {runCtl} = await import('./commands/ctl.js');
			return runCtl(rest, flags);
		}

		case 'ls': {
			const {runLs} = await import('./commands/ls.js');
			return runLs(rest, flags);
		}

		case 'down': {
			const {runDown} = await import('./commands/down.js');
			return runDown(rest, flags);
		}

		case 'attach': {
			const {runAttach} = await import('./commands/attach.js');
			return runAttach(rest, flags);
		}

		default: {
			const {runPilot} = await import('./commands/run-pilot.js');
			return runPilot(cli.input, flags, {isDetachedChild});
		}
	}
}

main().then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		fail(error);
	},
);
