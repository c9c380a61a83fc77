import type {ControlDefaults} from '../remote/choose-pilot.js';

/** The flags every command receives, as parsed in `cli.tsx` (`parseArgv`). */
export type CliFlags = {
	readonly plugins?: string;
	readonly tui: boolean;
	readonly statsInterval?: number;
	readonly strict: boolean;
	/** `--control <name>`; `--no-control` gives false (no control socket). */
	readonly control?: string | false;
	/** `--detach` / `-d`: run the pilot in the background. */
	readonly detach: boolean;
	/** `--on-hangup stop|detach`, over the manifest's `on_hangup`. */
	readonly onHangup?: string;
	readonly socket?: string;
	readonly json: boolean;
	readonly lines: number;
	/** ctl logs: only lines newer than this duration (`10m`). */
	readonly since?: string;
	/** ctl logs: keep printing new lines until Ctrl-C. */
	readonly follow: boolean;
	/** `check --graph` (`text`) or `--graph=mermaid`. */
	readonly graph?: string;
	/** `ctl --host HOST` (repeatable, or comma-separated): run the ctl command on those hosts over ssh. */
	readonly host?: readonly string[];
	/** How `pilot-tui` is started on remote hosts (default `pilot-tui`). */
	readonly remoteCommand?: string;
	/** `ctl reload --dry-run`: only print the plan. */
	readonly dryRun: boolean;
	/** Reload when the manifest file or an env file it reads changes. */
	readonly watch: boolean;
	/** `attach -f pilot-fleet.yml`: the hosts of a fleet file. */
	readonly fleet?: string;
	/** Not a flag: `PILOT_SOCKET` and `PILOT_TOKEN`, read by the CLI (`controlDefaultsFromEnv`). */
	readonly controlDefaults?: ControlDefaults;
};
