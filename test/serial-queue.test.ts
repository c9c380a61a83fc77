import {describe, expect, it} from 'vitest';
import {SerialQueue} from '../source/pilot/engine/serial-queue.js';

/** A promise and the function that resolves it. */
function gate(): {promise: Promise<void>; open: () => void} {
	let open = (): void => undefined;
	const promise = new Promise<void>(resolve => {
		open = resolve;
	});
	return {promise, open};
}

describe('the queue of one process\'s operations', () => {
	it('starts an operation in the caller\'s turn with startOrQueue when nothing is queued or under way', async () => {
		const queue = new SerialQueue();
		let hasStarted = false;
		const done = queue.startOrQueue(async () => {
			hasStarted = true;
		});
		expect(hasStarted).toBe(true);
		await done;
	});

	it('queues startOrQueue behind an operation under way, and what is queued next behind it', async () => {
		const queue = new SerialQueue();
		const order: string[] = [];
		const first = gate();
		const running = queue.run(true, async () => {
			order.push('stop begins');
			await first.promise;
			order.push('stop ends');
		});
		const restart = queue.startOrQueue(async () => {
			order.push('restart');
		});
		expect(order).toEqual([]);
		expect(queue.hasPendingTermination).toBe(true);
		first.open();
		await Promise.all([running, restart]);
		expect(order).toEqual(['stop begins', 'stop ends', 'restart']);
		expect(queue.hasPendingTermination).toBe(false);
	});

	it('makes an operation queued while a started-at-once one runs wait for it', async () => {
		const queue = new SerialQueue();
		const order: string[] = [];
		const spawned = gate();
		const restart = queue.startOrQueue(async () => {
			order.push('restart begins');
			await spawned.promise;
			order.push('restart ends');
		});
		const stop = queue.run(true, async () => {
			order.push('stop');
		});
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
		expect(order).toEqual(['restart begins']);
		spawned.open();
		await Promise.all([restart, stop]);
		expect(order).toEqual(['restart begins', 'restart ends', 'stop']);
	});

	it('goes on after an operation that failed', async () => {
		const queue = new SerialQueue();
		await expect(queue.startOrQueue(async () => {
			throw new Error('spawn exploded');
		})).rejects.toThrow('spawn exploded');
		let hasRun = false;
		await queue.startOrQueue(async () => {
			hasRun = true;
		});
		expect(hasRun).toBe(true);
	});
});
