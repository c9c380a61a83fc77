import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type TerminalSize = {
	readonly columns: number;
	readonly rows: number;
};

/** The terminal's size, updated at once when it is resized. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const read = (): TerminalSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => {
			setSize(previous => {
				const next = read();
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
