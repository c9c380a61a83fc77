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
	/** `text` with the newlines around it (`\n${text}\n`), when the chunk's text holds it as one piece. */
	readonly framed?: string;
};

/** The lines of a block, one string each. */
export function blockLines(block: LineBlock): string[] {
	return block.count === 1 ? [block.text] : block.text.split('\n');
}

/**
Every line of the block after `prefix`, each with its newline: one native replace, not a loop over
lines. From `framed`, the result is a slice of the replaced text: one flat string, which is written
out without being copied again (a string pieced together is copied once more when written).
*/
export function prefixLines(block: LineBlock, prefix: string): string {
	if (block.framed !== undefined) {
		return block.framed.replaceAll('\n', `\n${prefix}`).slice(1, -prefix.length);
	}

	return block.count === 1 ? `${prefix}${block.text}\n` : `${prefix}${block.text.replaceAll('\n', `\n${prefix}`)}\n`;
}
