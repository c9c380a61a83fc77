import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	enter: '\r',
	escape: '\u001B',
	ctrlC: '\u0003',
	backspace: '\u007F',
} as const;

export type Size = {columns: number; rows: number};

type Sized = {testSize?: Size};

let sizeOfNextRender: Size = {columns: 100, rows: 24};
let isPatched = false;

/** ink-testing-library's fake stdout is always 100 columns and has no rows: give it a size per instance. */
function patchStdoutSize(stdout: object): void {
	if (isPatched) {
		return;
	}

	isPatched = true;
	const prototype = Object.getPrototypeOf(stdout) as object;
	Object.defineProperty(prototype, 'columns', {get(this: Sized) {
		return (this.testSize ?? sizeOfNextRender).columns;
	}, configurable: true});
	Object.defineProperty(prototype, 'rows', {get(this: Sized) {
		return (this.testSize ?? sizeOfNextRender).rows;
	}, configurable: true});
}

const probe = render(<></>);
patchStdoutSize(probe.stdout);
probe.unmount();

/** ink-testing-library's `render` in a terminal of the given size; `resize()` changes it as a terminal does. */
export function renderAt(tree: ReactElement, size: Size) {
	sizeOfNextRender = {...size};
	const instance = render(tree);
	const current = {...size};
	(instance.stdout as Sized).testSize = current;
	const frame = () => stripVTControlCharacters(instance.lastFrame() ?? '');
	return {
		...instance,
		frame,
		/** Lines of the last frame, colours removed. */
		lines: () => frame().split('\n'),
		resize(columns: number, rows: number) {
			current.columns = columns;
			current.rows = rows;
			instance.stdout.emit('resize');
		},
		/** Type keys one at a time, letting Ink handle each. */
		async press(...sequence: string[]) {
			for (const key of sequence) {
				instance.stdin.write(key);
				await new Promise(resolve => {
					setTimeout(resolve, 20);
				});
			}
		},
		/** Wait until the frame satisfies `predicate` (frames arrive asynchronously). */
		async waitForFrame(predicate: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
			const deadline = Date.now() + timeoutMs;
			while (!predicate(frame())) {
				if (Date.now() > deadline) {
					throw new Error(`Frame never matched. Last frame:\n${frame()}`);
				}

				await new Promise(resolve => {
					setTimeout(resolve, 10);
				});
			}

			return frame();
		},
	};
}
