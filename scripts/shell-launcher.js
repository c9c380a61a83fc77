// The first lines of the CLI (dist/cli.js): they are a shell script and JavaScript at once. Run as
// a program, the kernel starts /bin/sh on the file; each `':' //; ...` line is, for the shell,
// the no-op `:` followed by shell code, and for JavaScript a string and a comment.
//
// Normally the shell just execs node on the same file (`exec`, so nothing stays in between; it
// costs about a millisecond). As PID 1 (a container without --init) it stays: orphans are
// reparented to PID 1, and node reaps only its own children, so as PID 1 the pilot would leave
// every orphaned grandchild a zombie (40 in 6 s with a shell that backgrounds jobs) and each stop
// would wait for them. So the shell runs node as its child and waits; its `wait` reaps any child
// (dash, bash and busybox ash all wait for any pid), orphans included. SIGTERM, SIGHUP, SIGUSR1
// and SIGUSR2 are passed on to node; SIGINT and SIGQUIT too unless a terminal is attached (the
// terminal already sends them to node, a copy would count as a second Ctrl-C; the shell only
// survives them); node's exit code
// (128 + n after a signal) is the shell's. PILOT_TUI_REAPER=1 asks for the same when the pilot is
// not PID 1 but a child subreaper. Node started directly as PID 1 (`node dist/cli.js`) cannot do
// this: it prints a warning instead.
//
// `--max-semi-space-size=4` (MB, V8's default is 16): a long-running pilot with a small heap keeps
// its young generation small. The live view's RSS drops from ~147 to ~94 MB at the same CPU
// (measured side by side, 50 children, 120x40); 2 MB saves 9 MB more but triples the scavenges.
// `--v8-pool-size=1`: one V8 worker thread (GC marking, compiling) instead of four. Each worker
// thread that allocates gets its own malloc arena: the idle headless pilot held 60-67 MB with
// four, 57 MB with one, run after run (a pilot's heap is small; two cores are the common case).
export const nodeFlags = ['--max-semi-space-size=4', '--v8-pool-size=1'];

export const shellLauncher = `#!/bin/sh
':' //; [ "$$" = 1 ] || [ "$PILOT_TUI_REAPER" = 1 ] || exec node ${nodeFlags.join(' ')} "$0" "$@"
':' //; unset PILOT_TUI_REAPER; c=; s='TERM HUP USR1 USR2'; q='INT QUIT'; [ -t 0 ] || [ -t 1 ] || [ -t 2 ] || { s="$s $q"; q=; }
':' //; for x in $s; do trap "[ -n \\"\\$c\\" ] && kill -$x \\$c 2>/dev/null" $x; done; for x in $q; do trap : $x; done
':' //; exec 3<&0; node ${nodeFlags.join(' ')} "$0" "$@" <&3 3<&- & c=$!; exec 3<&-
':' //; while :; do wait $c; r=$?; kill -0 $c 2>/dev/null || exit $r; done
`;

/** The program's code with the launcher in place of its `#!` line. */
export function withShellLauncher(code) {
	return shellLauncher + code.replace(/^#!.*\n/, '');
}
