const escapeSequences = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-Z\\-_]/g;
const controlCharacters = /[\u0000-\u0008\u000A-\u001F\u007F]/g;

/**
A child's output line made safe for one terminal row: escape sequences and control characters
removed (they would move the cursor and break the frame), tabs expanded. `\r` progress lines were
already reduced to their last state where output is split into lines (`pilot/output/line-splitter.ts`).
*/
export function sanitizeLine(text: string): string {
	return text.replaceAll(escapeSequences, '').replaceAll('\t', '    ').replaceAll(controlCharacters, '');
}
