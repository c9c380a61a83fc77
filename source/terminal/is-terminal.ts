/**
Whether a stream is a terminal. Node sets `isTTY` only on terminal streams (it is `undefined`, not
`false`, elsewhere), although its type declares a boolean.
*/
export function isTerminal(stream: {readonly isTTY?: boolean | undefined}): boolean {
	return stream.isTTY === true;
}
