// The pilot under soak: the built engine (dist/) over the manifest in argv[2]. Prints `ready`
// once started; on each stdin line, collects garbage (when run with --expose-gc) and prints its
// heap and a summary of the table as one JSON line; on EOF, stops and exits.
import {createInterface} from 'node:readline';
import {ProcessManifest, ProcessPilot} from '../dist/index.js';

const pilot = new ProcessPilot(ProcessManifest.fromFile(process.argv[2]), {processPollInterval: 1});
const send = message => process.stdout.write(JSON.stringify(message) + '\n');
let exits = 0;
pilot.on('process-exited', () => exits++);

await pilot.start();
send({type: 'ready', pid: process.pid});
const lines = createInterface({input: process.stdin});
lines.on('line', () => {
	globalThis.gc?.();
	const memory = process.memoryUsage();
	const states = {};
	for (const row of pilot.getSnapshot().processes) {
		states[row.state] = (states[row.state] ?? 0) + 1;
	}

	// Output lines kept in the per-process ring buffers (bounded: logLines per process).
	const logLines = pilot.manifest.processes.reduce((sum, process) => sum + pilot.getLogs(process.name).length, 0);
	send({type: 'usage', heapMb: memory.heapUsed / 1024 / 1024, exits, states, logLines, messages: pilot.getSnapshot().messages.length});
});
lines.on('close', async () => {
	await pilot.stop();
	send({type: 'stopped'});
	process.exit(0);
});
