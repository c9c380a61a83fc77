import {describe, expect, it} from 'vitest';
import {createBatchedWriter} from '../source/commands/batched-writer.js';

describe('createBatchedWriter', () => {
	it('gathers the writes of one turn into one write, in order', async () => {
		const writes: string[] = [];
		const writer = createBatchedWriter(text => writes.push(text));
		writer.write('a\n');
		writer.write('b\n');
		writer.write('c\n');
		expect(writes).toEqual([]);
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		expect(writes).toEqual(['a\nb\nc\n']);
	});

	it('writes at once when the gathered text reaches its limit', () => {
		const writes: string[] = [];
		const writer = createBatchedWriter(text => writes.push(text), 4);
		writer.write('ab');
		writer.write('cd');
		writer.write('e');
		expect(writes).toEqual(['abcd']);
		writer.flush();
		expect(writes).toEqual(['abcd', 'e']);
	});

	it('writes a text of the limit or more on its own, after what was gathered before it', () => {
		const writes: string[] = [];
		const writer = createBatchedWriter(text => writes.push(text), 4);
		writer.write('a');
		writer.write('bcdef');
		writer.write('g');
		writer.flush();
		expect(writes).toEqual(['a', 'bcdef', 'g']);
	});

	it('flush writes nothing when nothing is gathered', () => {
		const writes: string[] = [];
		createBatchedWriter(text => writes.push(text)).flush();
		expect(writes).toEqual([]);
	});
});
