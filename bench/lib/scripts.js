import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/**
The tiny children every supervisor runs. Each logs `date +%s%N` (CLOCK_REALTIME ns) first thing
when it starts and just before it exits or signals ready, so the gap is the supervisor's reaction;
`sh` and `date` start-up is part of every supervisor's time equally.
*/
function writeScript(file, body) {
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

const quote = value => `'${String(value).replaceAll('\'', '\'\\\'\'')}'`;

/** Logs its start, lives `lifeSeconds`, logs its exit, exits 0. */
export function restartChild(dir, {starts, exits, lifeSeconds}) {
	return writeScript(path.join(dir, 'restart-child'), [
		`date +%s%N >> ${quote(starts)}`,
		`sleep ${lifeSeconds}`,
		`date +%s%N >> ${quote(exits)}`,
		'exit 0',
	].join('\n'));
}

/** Logs its pid and start, then sleeps; with `ignoreTerm` it (and the sleep it becomes) ignores SIGTERM. */
export function sleeper(dir, name, {starts, pids, ignoreTerm = false}) {
	return writeScript(path.join(dir, name), [
		ignoreTerm ? 'trap \'\' TERM' : '',
		pids ? `echo $$ >> ${quote(pids)}` : '',
		`date +%s%N >> ${quote(starts)}`,
		'exec sleep 100000',
	].filter(Boolean).join('\n'));
}

/** Ready by file: logs its clock, then creates the file with a shell redirection (no fork). */
export function fileReadyChild(dir, {readyAt, file}) {
	return writeScript(path.join(dir, 'ready-file'), [
		`date +%s%N >> ${quote(readyAt)}`,
		`: > ${quote(file)}`,
		'exec sleep 100000',
	].join('\n'));
}

/**
Ready by FIFO: waits (spinning on builtins, not timed) until the FIFO exists (the pipe strategy
makes it; after ~0.5 s the child makes it itself), logs its clock, writes `ready`.
*/
export function pipeReadyChild(dir, {readyAt, fifo}) {
	return writeScript(path.join(dir, 'ready-pipe'), [
		'n=0',
		`while [ ! -p ${quote(fifo)} ] && [ $n -lt 300000 ]; do n=$((n+1)); done`,
		`[ -p ${quote(fifo)} ] || mkfifo ${quote(fifo)}`,
		`date +%s%N >> ${quote(readyAt)}`,
		`echo ready > ${quote(fifo)}`,
		'exec sleep 100000',
	].join('\n'));
}

/** Ready by TCP: a Node child (sh cannot listen) that logs its clock just before `listen` (all addresses, dual stack). */
export function tcpReadyChild(dir, {readyAt, port}) {
	const file = path.join(dir, 'ready-tcp.mjs');
	writeFileSync(file, [
		'import {appendFileSync} from \'node:fs\';',
		'import net from \'node:net\';',
		'const server = net.createServer(socket => socket.destroy());',
		'const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;',
		`appendFileSync(${JSON.stringify(readyAt)}, ns + '\\n');`,
		// No host: bind and listen happen synchronously here (with a host, a DNS lookup defers them ~10 ms).
		`server.listen(${port});`,
		'setInterval(() => {}, 1 << 30);',
	].join('\n') + '\n');
	return file;
}
