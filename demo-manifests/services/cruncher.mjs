// Uses real CPU: busy for about 30% of every second, so the CPU column has something to show.
import {log, onStop} from './common.mjs';

const duty = Number(process.env.DUTY ?? 0.3);
onStop('cruncher');
let total = 0;
setInterval(() => {
	const until = Date.now() + 1000 * duty;
	let rounds = 0;
	while (Date.now() < until) {
		total += Math.sqrt(rounds++ % 1000);
	}

	log('cruncher', `crunched ${rounds} rounds (checksum ${Math.round(total) % 100_000})`);
}, 1000);
