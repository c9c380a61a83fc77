import {mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {importDist} from '../lib/dist.js';
import {summarize} from '../lib/stats.js';

const clients = 10;

/** A pilot stand-in: stop() of a control server touches none of the pilot's methods. */
const pilot = {
	manifest: {filePath: null},
	subscribe: () => () => {},
	getSnapshot: () => ({processes: [], isRunning: true, startedAt: null, messages: [], logSeq: 0}),
	getLogs: () => [],
	getRunningProcess: () => [],
	startProcess: async () => {},
	stopProcess: async () => {},
	restartProcesses: async () => {},
	stop: async () => {},
};

async function connectIdle(options) {
	const sockets = [];
	for (let index = 0; index < clients; index++) {
		const socket = net.connect(options);
		socket.on('error', () => {});
		await new Promise(resolve => socket.once('connect', resolve));
		sockets.push(socket);
	}

	return sockets;
}

/** ms from stop() to its promise resolving, with `clients` idle connections open. */
async function timeStop(server, connectOptions) {
	await server.start();
	const sockets = await connectIdle(connectOptions());
	const start = performance.now();
	await server.stop();
	const elapsed = performance.now() - start;
	for (const socket of sockets) {
		socket.destroy();
	}

	return elapsed;
}

export const id = 'control-stop';

export async function run(ctx) {
	const {TcpControlServer} = await importDist('pilot', 'plugins', 'control', 'tcp', 'tcp-control.js');
	const {HttpControlServer} = await importDist('pilot', 'plugins', 'control', 'http', 'http-control.js');
	const runs = ctx.quick ? 5 : 20;
	const folder = mkdtempSync(path.join(os.tmpdir(), 'pilot-bench-control-'));
	const tcp = [];
	const http = [];
	try {
		for (let index = 0; index < runs; index++) {
			const tcpServer = new TcpControlServer(pilot, {port: 0});
			tcp.push(await timeStop(tcpServer, () => ({port: tcpServer.port, host: '127.0.0.1'})));
			const socketPath = path.join(folder, `control-${index}.sock`);
			http.push(await timeStop(new HttpControlServer(pilot, {socketPath}), () => ({path: socketPath})));
		}
	} finally {
		rmSync(folder, {recursive: true, force: true});
	}

	const row = (figure, samples) => ({
		figure,
		unit: 'ms',
		target: {text: '≤ 100 ms', max: 100},
		ours: summarize(samples),
		peers: {pm2: {note: '—'}, supervisord: {note: '—'}},
	});
	return [
		row(`control server \`tcp\`: stop() with ${clients} idle clients connected`, tcp),
		row(`control server \`http\`: stop() with ${clients} idle clients connected`, http),
	];
}
