// A queue worker: ready through a file (ready_strategy: file) it writes after a short warm-up.
import fs from 'node:fs';
import path from 'node:path';
import {log, onStop} from './common.mjs';

const readyFile = process.argv[2] ?? '.run/worker.ready';
onStop('worker', () => fs.rmSync(readyFile, {force: true}));
log('worker', 'warming up caches');
setTimeout(() => {
	fs.mkdirSync(path.dirname(readyFile), {recursive: true});
	fs.writeFileSync(readyFile, `${process.pid} ${new Date().toISOString()}\n`);
	log('worker', `ready (wrote ${readyFile})`);
}, 1500);
let done = 0;
setInterval(() => {
	done++;
	log('worker', `job #${done} done in ${20 + Math.floor(Math.random() * 200)} ms`);
}, 1200);
