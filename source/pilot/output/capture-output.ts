import type {ChildProcess} from 'node:child_process';
import {LineSplitter} from './line-splitter.js';
import type {LogStream} from '../model/pilot-api.js';

/** Feed a child's stdout and stderr, line by line, to `onLine`. */
export function captureOutput(child: ChildProcess, onLine: (stream: LogStream, line: string) => void): void {
	for (const stream of ['stdout', 'stderr'] as const) {
		const source = child[stream];
		if (!source) {
			continue;
		}

		const splitter = new LineSplitter(line => {
			onLine(stream, line);
		});
		source.on('data', (chunk: Buffer) => {
			splitter.push(chunk);
		});
		source.on('end', () => {
			splitter.end();
		});
		source.on('error', () => undefined);
	}
}
