import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type TerminalSize = {
	readonly columns: number;
	readonly rows: number;
};

const readSize = (stdout: NodeJS.WriteStream): TerminalSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});

/** The terminal's size, updated at once when it is resized. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => readSize(stdout));
	useEffect(() => {
		const onResize = () => {
			setSize(previous => {
				const next = readSize(stdout);
				return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
			});
		};

		// Before Ink's own listener, so that Ink's immediate redraw already uses the new size.
		stdout.prependListener('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
