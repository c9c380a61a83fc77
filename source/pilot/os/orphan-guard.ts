/*
No orphans: whatever way the pilot's process ends (normal exit, SIGINT/SIGTERM/SIGHUP, an uncaught
error, SIGKILL), no child or grandchild it started is alive two seconds later. Three pieces, each
covering what the others cannot:

1. Every child runs in its own process group (spawned `detached`, so pgid = pid), and the guard
   tracks those groups. A group kill reaches every member, however deep, as long as it did not
   leave the group. Works on every Unix, /proc or not.

2. Every child gets a marker in its environment, `PILOT_TUI_OWNER=<token unique to this pilot>`,
   which all its descendants inherit. A double-forking daemon that called `setsid` has left the
   group and (once its parent exits) the pilot's tree, so only this marker still finds it: on
   Linux, /proc/<pid>/environ of every process of the same user is scanned for the exact entry.
   (A program that clears its whole environment escapes; nothing short of a PID namespace or a
   C shim with a subreaper catches that, and neither may be required of the user.)

3. A watchdog outlives the pilot to do the killing when the pilot cannot: a `/bin/sh` script
   (~1-2 MB RSS, no compiler needed), in its own session, that ignores INT/TERM/HUP and reads
   `+pgid`/`-pgid` lines from a pipe whose only write end is held by the pilot (Node opens it
   close-on-exec, so no child inherits it). When the pilot's process ends in any way, SIGKILL
   included, the kernel closes that end; the watchdog reads EOF, sends SIGTERM to every tracked
   group and every marked process, waits `graceMs`, sends SIGKILL to the same set (found
   anew, so anything forked meanwhile is included) and exits. The watchdog has a minimal
   environment without the marker, so its own sweep skips it, and so does the sweep of an outer
   pilot that runs this pilot as a child: the inner watchdog lives on to clean the inner tree.
   It is unref'd (child and pipe) so it never keeps the pilot's event loop alive, and holds none
   of the pilot's stdio or its terminal.

`killAllSync` is for the pilot's own exit paths (`process.on('exit')`, uncaught errors): it
SIGKILLs the tracked groups and the marked processes synchronously, before the process is gone,
so the cleanup does not depend on the watchdog's grace period.

Limits: a pgid could in theory be reused by an unrelated group between the pilot's death and the
sweep (under a second); the marker scan only ever reaches processes carrying this pilot's token.
*/
import {spawn, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import type {Socket} from 'node:net';
import {hasProcFs, pidsWithEnvEntry} from './procfs/proc-scan.js';

const watchdogScript = `
trap '' INT TERM HUP
groups=' '
while IFS= read -r line; do
	g=\${line#?}
	case $g in ''|*[!0-9]*) continue ;; esac
	case $line in
		+*) groups="$groups$g " ;;
		-*) case $groups in *" $g "*) groups="\${groups%% $g *} \${groups#* $g }" ;; esac ;;
	esac
done
sweep() {
	for g in $groups; do kill -s "$1" -- "-$g" 2>/dev/null; done
	[ -r /proc/self/environ ] || return 0
	for f in $(grep -lszxF -e "$PILOT_TUI_MARK" /proc/[0-9]*/environ); do
		p=\${f#/proc/}
		p=\${p%/environ}
		[ "$p" = "$$" ] || kill -s "$1" "$p" 2>/dev/null
	done
}
sweep TERM
sleep "$PILOT_TUI_GRACE"
sweep KILL
exit 0
`;

export type OrphanGuardOptions = {
	/** The marker's value; a random token by default. */
	readonly markerValue?: string;
	/** How long the watchdog waits between SIGTERM and SIGKILL (default 500 ms). */
	readonly graceMs?: number;
};

/** How many times a watchdog that died on its own (killed by someone) is replaced. */
const maxRespawns = 3;

export class OrphanGuard {
	readonly markerName = 'PILOT_TUI_OWNER';
	readonly markerValue: string;
	readonly #graceMs: number;
	readonly #groups = new Set<number>();
	#watchdog: ChildProcess | undefined;
	/** Lines for the watchdog not written yet (see #send). */
	#pending = '';
	#isClosed = false;
	#respawns = 0;

	constructor(options: OrphanGuardOptions = {}) {
		this.markerValue = options.markerValue ?? `${process.pid}-${randomBytes(8).toString('hex')}`;
		this.#graceMs = options.graceMs ?? 500;
	}

	/** The environment entry every child must carry, as `{name: value}` to spread into its env. */
	get marker(): Record<string, string> {
		return {[this.markerName]: this.markerValue};
	}

	/** Pid of the running watchdog, if any. */
	get watchdogPid(): number | undefined {
		return this.#watchdog?.pid;
	}

	/** Starts the watchdog. Does nothing when it runs already or after `close()`. */
	start(): void {
		if (this.#watchdog || this.#isClosed) {
			return;
		}

		let child: ChildProcess;
		try {
			child = spawn('/bin/sh', ['-c', watchdogScript], {
				detached: true,
				stdio: ['pipe', 'ignore', 'ignore'],
				cwd: '/',
				env: {
					PATH: process.env['PATH'] ?? '/usr/bin:/bin',
					LC_ALL: 'C',
					PILOT_TUI_MARK: `${this.markerName}=${this.markerValue}`,
					PILOT_TUI_GRACE: (this.#graceMs / 1000).toFixed(3),
				},
			});
		} catch {
			// No /bin/sh: the groups and killAllSync still cover the pilot's own exit paths.
			return;
		}

		this.#watchdog = child;
		child.on('error', () => {});
		child.stdin?.on('error', () => {});
		child.on('exit', () => {
			if (this.#watchdog !== child) {
				return;
			}

			this.#watchdog = undefined;
			if (!this.#isClosed && child.pid !== undefined && this.#respawns < maxRespawns) {
				this.#respawns++;
				this.start();
			}
		});
		child.unref();
		(child.stdin as Socket | null)?.unref();
		// A new watchdog learns every group below: lines meant for an earlier one would repeat them.
		this.#pending = '';
		for (const pgid of this.#groups) {
			this.#send(`+${pgid}`);
		}
	}

	/** Adds a child's process group (its pid, as it is spawned detached). */
	track(pgid: number): void {
		if (!Number.isSafeInteger(pgid) || pgid <= 1 || this.#groups.has(pgid)) {
			return;
		}

		this.#groups.add(pgid);
		this.#send(`+${pgid}`);
	}

	/** Forgets a group once it is gone (so a later reuse of the number is never signalled). */
	untrack(pgid: number): void {
		if (this.#groups.delete(pgid)) {
			this.#send(`-${pgid}`);
		}
	}

	/** The tracked groups, for diagnostics and tests. */
	get groups(): readonly number[] {
		return [...this.#groups];
	}

	/**
	Synchronously signals every tracked group and every process carrying the marker (a /proc scan
	on Linux). For exit paths, where nothing asynchronous runs any more.
	*/
	killAllSync(signal: NodeJS.Signals = 'SIGKILL'): void {
		for (const pgid of this.#groups) {
			try {
				process.kill(-pgid, signal);
			} catch {}
		}

		if (!hasProcFs) {
			return;
		}

		for (const pid of pidsWithEnvEntry(this.markerName, this.markerValue)) {
			try {
				process.kill(pid, signal);
			} catch {}
		}
	}

	/**
	Ends the watchdog: it sweeps once more (SIGTERM, grace, SIGKILL) whatever is still tracked or
	marked, then exits. Call it when the pilot is done; `start()` does nothing afterwards.
	*/
	close(): void {
		this.#isClosed = true;
		this.#flush();
		this.#watchdog?.stdin?.end();
		this.#watchdog = undefined;
	}

	/**
	The lines of one turn go in one write, once its work is done: a write per group cost ~0.2 ms
	of the pilot's and a wake-up of the watchdog's, for each of 100 children of a cold start and
	on the path from an exit to the restart. A group is never unguarded meanwhile: the pilot's own
	exit paths use `#groups`, and the marker finds the child if the pilot is killed.
	*/
	#send(line: string): void {
		if (this.#pending === '') {
			queueMicrotask(() => {
				this.#flush();
			});
		}

		this.#pending += line + '\n';
	}

	#flush(): void {
		const text = this.#pending;
		this.#pending = '';
		const stdin = this.#watchdog?.stdin;
		if (text !== '' && stdin && !stdin.destroyed) {
			stdin.write(text);
		}
	}
}
