// Crashes now and then with exit code 1, to show restarts and backoff (shutdown_strategy: restart).
import {log, onStop} from './common.mjs';

onStop('flaky-job');
let tick = 0;
setInterval(() => {
	tick++;
	log('flaky-job', `batch ${tick} ok`);
	if (tick >= 3 && Math.random() < 0.2) {
		log('flaky-job', `batch ${tick + 1} failed: simulated crash, exiting with code 1`, process.stderr);
		process.exit(1);
	}
}, 1000);
