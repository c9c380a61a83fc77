// Writes to stderr as well as stdout, so the log pane shows both streams.
import {log, onStop} from './common.mjs';

onStop('reporter');
let count = 0;
setInterval(() => {
	count++;
	if (count % 3 === 0) {
		log('reporter', `warning: report ${count} is late by ${Math.floor(Math.random() * 900)} ms`, process.stderr);
	} else {
		log('reporter', `report ${count} sent`);
	}
}, 1000);
