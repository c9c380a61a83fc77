/**
Lines kept as one string: `count` lines joined with `\n`, without a newline at the end (a line
never holds a `\n`). A chunk of a fast writer's output travels as one block, and is split into
lines only where someone needs them one by one.
*/
export type LineBlock = {
	readonly text: string;
	readonly count: number;
	/** The same lines as UTF-8, when they are a piece of the chunk as read (kept instead of the text). */
	readonly bytes?: Buffer;
};

/** The lines of a block, one string each. */
export function blockLines(block: LineBlock): string[] {
	return block.count === 1 ? [block.text] : block.text.split('\n');
}

/** Every line of the block after `prefix`, each with its newline: one native replace, not a loop over lines. */
export function prefixLines(block: LineBlock, prefix: string): string {
	return block.count === 1 ? `${prefix}${block.text}\n` : `${prefix}${block.text.replaceAll('\n', `\n${prefix}`)}\n`;
}
