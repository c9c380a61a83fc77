// A database stand-in: ready through a FIFO (ready_strategy: pipe).
// It creates the FIFO with `mkfifo` when missing, then writes "ready\n" once the pilot has it open.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {log, onStop} from './common.mjs';

const fifo = process.argv[2] ?? '.run/db.fifo';
onStop('db');
fs.mkdirSync(path.dirname(fifo), {recursive: true});
if (!fs.existsSync(fifo)) {
	execFileSync('mkfifo', [fifo]);
}

log('db', `loading tables, will signal ready on ${fifo}`);
const startedAt = Date.now();

function signalReady() {
	let fd;
	try {
		// Non-blocking: fails with ENXIO until a reader (the pilot) has the FIFO open.
		fd = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
	} catch (error) {
		if (Date.now() - startedAt > 60_000) {
			log('db', `nobody opened ${fifo} (${error.code}); carrying on without signalling`, process.stderr);
			return;
		}

		setTimeout(signalReady, 100);
		return;
	}

	fs.writeSync(fd, 'ready\n');
	fs.closeSync(fd);
	log('db', 'ready: accepting connections');
}

setTimeout(signalReady, 800);
let queries = 0;
setInterval(() => {
	queries += Math.floor(Math.random() * 40);
	log('db', `${queries} queries served, ${1 + Math.floor(Math.random() * 5)} connections open`);
}, 1000);
