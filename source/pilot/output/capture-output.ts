import type {ChildProcess} from 'node:child_process';
import {LineSplitter} from './line-splitter.js';
import type {LogStream} from '../model/pilot-api.js';

/**
Feed a child's stdout and stderr to `onLines`, the lines of each chunk read together (in order):
a fast writer's chunk holds hundreds of lines, and what follows (ring buffers, log files, the
headless output) does its per-call work once per chunk instead of once per line.
*/
export function captureOutput(child: ChildProcess, onLines: (stream: LogStream, lines: string[]) => void): void {
	for (const stream of ['stdout', 'stderr'] as const) {
		const source = child[stream];
		if (!source) {
			continue;
		}

		let lines: string[] = [];
		const deliver = () => {
			if (lines.length > 0) {
				const batch = lines;
				lines = [];
				onLines(stream, batch);
			}
		};

		const splitter = new LineSplitter(line => {
			lines.push(line);
		});
		source.on('data', (chunk: Buffer) => {
			splitter.push(chunk);
			deliver();
		});
		source.on('end', () => {
			splitter.end();
			deliver();
		});
		source.on('error', () => undefined);
	}
}
