#!/usr/bin/env node
import meow, {type AnyFlag} from 'meow';
import {findArgvProblem, type FlagSpec} from './commands/check-argv.js';
import type {CliFlags} from './commands/flags.js';
import {fail} from './commands/exit-with-error.js';

// One declaration for meow and for the check that rejects unknown flags and missing values.
const flagSpecs = {
	plugins: {type: 'string'},
	tui: {type: 'boolean', default: true},
	statsInterval: {type: 'number'},
	strict: {type: 'boolean', default: false},
	control: {type: 'string'},
	socket: {type: 'string'},
	json: {type: 'boolean', default: false},
	lines: {type: 'number', default: 50},
} satisfies Record<string, AnyFlag & FlagSpec>;

const argvProblem = findArgvProblem(process.argv.slice(2), flagSpecs);
if (argvProblem) {
	console.error(`pilot-tui: ${argvProblem}\nRun pilot-tui --help for the options.`);
	process.exit(2);
}

const cli = meow(
	`
	Usage
	  $ pilot-tui [manifest]              run the manifest with a live table (headless when stdout is not a terminal)
	  $ pilot-tui check <manifest>        validate a manifest and print the start order
	  $ pilot-tui schema                  print the manifest's JSON Schema (for editors)
	  $ pilot-tui ctl <status|start|stop|restart|logs> [names...]
	                                      control a running pilot
	  $ pilot-tui attach                  open the live table of a pilot running elsewhere

	With no manifest, the first of pilot.yml, pilot.yaml, pilot.json in the current folder is used.

	Options
	  --plugins <dir>          load plugins (.js, .mjs, .cjs, .ts) from this folder
	  --no-tui                 print output as "name | line" instead of the table
	  --stats-interval <s>     seconds between CPU/memory samples (default 1)
	  --strict                 treat unknown manifest keys as errors
	  --control <name>         start this control server (e.g. http), as manifest's control_server
	  --socket <path>          control socket path (also PILOT_SOCKET)
	  --json                   machine-readable output (check, ctl)
	  --lines <n>              ctl logs: how many lines (default 50)
	  --version                print the version
	  --help                   print this help

	Environment
	  PILOT_SOCKET             control socket path (as --socket)
	  PILOT_HTTP_PORT          also serve the http control API on 127.0.0.1:<port> (needs PILOT_TOKEN)
	  PILOT_TOKEN              token for that TCP listener, at least 20 characters
	  PILOT_TCP_PORT           port of the process_pilot-compatible tcp control server (default 9999)
	  PILOT_DEBUG              print stack traces with errors

	Examples
	  $ pilot-tui demo-manifests/demo.yml
	  $ pilot-tui check pilot.yml
	  $ pilot-tui pilot.yml --no-tui > pilot.log
	  $ pilot-tui ctl restart web
	  $ ssh -t box pilot-tui attach
`,
	{
		importMeta: import.meta,
		flags: flagSpecs,
	},
);

const flags: CliFlags = cli.flags;
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

		case 'attach': {
			const {runAttach} = await import('./commands/attach.js');
			return runAttach(rest, flags);
		}

		default: {
			const {runPilot} = await import('./commands/run-pilot.js');
			return runPilot(cli.input, flags);
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
