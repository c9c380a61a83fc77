// Shared bits of the demo services: a clean exit on SIGTERM/SIGINT and a timestamped log line.
export function log(name, text, stream = process.stdout) {
	stream.write(`[${new Date().toISOString().slice(11, 19)}] ${name}: ${text}\n`);
}

export function onStop(name, cleanup = () => {}) {
	for (const signal of ['SIGTERM', 'SIGINT']) {
		process.on(signal, () => {
			log(name, `got ${signal}, shutting down`);
			cleanup();
			process.exit(0);
		});
	}
}
