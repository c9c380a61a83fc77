import type {ChildProcess} from 'node:child_process';
import {LineSplitter} from './line-splitter.js';
import type {LogStream} from '../model/pilot-api.js';
import type {LineBlock} from './line-block.js';

/**
Feed a child's stdout and stderr to `onLines`, the lines of each chunk read as a few blocks (in
order): a fast writer's chunk holds hundreds of lines, and what follows (ring buffers, log files,
the headless output) handles a block as one string instead of a string and a call per line. A
clean chunk gives two: its first line (the end of the line the last chunk began), then the rest
with its bytes.
*/
export function captureOutput(child: ChildProcess, onLines: (stream: LogStream, blocks: readonly LineBlock[]) => void): void {
	for (const stream of ['stdout', 'stderr'] as const) {
		const source = child[stream];
		if (!source) {
			continue;
		}

		let blocks: LineBlock[] = [];
		// Lines without bytes are joined into one block (a chunk with control characters comes line by line).
		let text = '';
		let count = 0;
		const endText = () => {
			if (count > 0) {
				blocks.push({text, count});
				text = '';
				count = 0;
			}
		};

		const deliver = () => {
			endText();
			if (blocks.length > 0) {
				const batch = blocks;
				blocks = [];
				onLines(stream, batch);
			}
		};

		const splitter = new LineSplitter((lines, lineCount, bytes, framed) => {
			if (bytes) {
				endText();
				blocks.push({text: lines, count: lineCount, bytes, ...(framed === undefined ? {} : {framed})});
			} else {
				text = count === 0 ? lines : `${text}\n${lines}`;
				count += lineCount;
			}
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
