// An HTTP API on 127.0.0.1 (ready_strategy: tcp). It calls itself every second so there is traffic to log.
import http from 'node:http';
import {log, onStop} from './common.mjs';

const port = Number(process.env.PORT ?? 47801);
let requests = 0;
const server = http.createServer((request, response) => {
	requests++;
	response.setHeader('content-type', 'application/json');
	response.end(JSON.stringify({ok: true, path: request.url, requests}));
});
onStop('api', () => server.close());
server.listen(port, '127.0.0.1', () => {
	log('api', `listening on http://127.0.0.1:${port}`);
});
setInterval(() => {
	http.get({host: '127.0.0.1', port, path: `/health?n=${requests}`}, response => {
		response.resume();
		log('api', `GET /health -> ${response.statusCode} (${requests} requests so far)`);
	}).on('error', error => {
		log('api', `self-check failed: ${error.message}`, process.stderr);
	});
}, 1000);
