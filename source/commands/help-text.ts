import {readFileSync} from 'node:fs';

/** `pilot-tui --help`: what the package is, then the usage (as meow printed it: indented by two). */
export function helpText(): string {
	const {description} = readPackage();
	return `\n  ${description}\n\n${usage.trim().split('\n').map(line => line ? `  ${line.replace(/^\t/, '')}` : '').join('\n')}\n`;
}

/** `pilot-tui --version`. */
export function versionText(): string {
	return `${readPackage().version}\n`;
}

type PackageJson = {name?: string; description: string; version: string};

/** The package's own package.json: the nearest one above this file (dist/, dist/chunks/ or source/commands/). */
function readPackage(): PackageJson {
	for (const up of ['../', '../../', '../../../', '../../../../']) {
		try {
			const found = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8')) as PackageJson;
			if (found.name === 'pilot-tui') {
				return found;
			}
		} catch {}
	}

	return {description: '', version: 'unknown'};
}

const usage = `
	Usage
	  $ pilot-tui [manifest]              run the manifest with a live table (headless when stdout is not a terminal)
	  $ pilot-tui check <manifest>        validate a manifest and print the start order
	  $ pilot-tui schema                  print the manifest's JSON Schema (for editors)
	  $ pilot-tui ctl <status|start|stop|restart|logs|stream> [names...]
	                                      control a running pilot
	  $ pilot-tui ctl reload [--dry-run]  read the manifest again and apply the difference (SIGHUP too, headless)
	  $ pilot-tui ctl scale NAME N        run N copies of a process with replicas
	  $ pilot-tui [manifest] -d           start the pilot in the background, print its processes, exit
	  $ pilot-tui ls                      list the live pilots of this user
	  $ pilot-tui attach [manifest]       open the live table of a running pilot
	  $ pilot-tui attach HOST...          one table for the pilots of several machines, over ssh (-f pilot-fleet.yml)
	  $ pilot-tui down [manifest]         stop a running pilot and every process it runs

	With no manifest, the first of pilot.yml, pilot.yaml, pilot.json in the current folder is used.

	Options
	  --plugins <dir>          load plugins (.js, .mjs, .cjs, .ts) from this folder
	  --no-tui                 print output as "name | line" instead of the table
	  --stats-interval <s>     seconds between CPU/memory samples (default 1)
	  --strict                 treat unknown manifest keys as errors
	  -d, --detach             run in the background (new session, no terminal); exit 0 once every
	                           process is up, 1 if not (the pilot runs on), 3 if already running
	  --on-hangup <mode>       stop (default) or detach: keep running when the terminal goes away
	  --watch                  reload when the manifest or an env file it reads changes
	  --control <name>         start this control server (e.g. tcp), as manifest's control_server
	  --no-control             serve no control socket (attach, ctl, ls, down cannot reach the pilot)
	  --socket <path>          control socket path (also PILOT_SOCKET)
	  --json                   machine-readable output (check, ctl, ls)
	  --lines <n>              ctl logs: how many lines (default 50)
	  --since <duration>       ctl logs: every line of the last 30s, 10m, 2h, 1d (log files included)
	  -f, --follow             ctl logs: then print new lines until Ctrl-C
	  --dry-run                ctl reload: print the plan (+ start, - stop, ~ restart) and change nothing
	  --graph[=mermaid]        check: print what waits for what as a tree, or as a Mermaid diagram
	  --host <host>            ctl on a remote pilot over ssh ([user@]host[:port][#socket-or-manifest]; repeatable)
	  --remote-command <cmd>   how pilot-tui is started on remote hosts (default pilot-tui; e.g. "npx pilot-tui")
	  -f, --fleet <file>       attach: the hosts of a fleet file (pilot-fleet.yml)
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
	  $ pilot-tui app.yml -d && pilot-tui ls
	  $ ssh -t box pilot-tui attach
	  $ pilot-tui attach web1 web2 deploy@db:2222     one table for pilots on three machines
	  $ pilot-tui ctl --host web1 --host web2 status --json
	  $ pilot-tui down app.yml
`;
