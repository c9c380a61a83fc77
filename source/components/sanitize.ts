const escapeSequences = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000A-\u001F\u007F]/g;

/**
A child's output line made safe for one terminal row: escape sequences and control characters
removed (they would move the cursor and break the frame), tabs expanded, and for `\r` progress
lines only the last state kept.
*/
export function sanitizeLine(text: string): string {
	const trimmed = text.replace(/\r+$/, '');
	const afterReturn = trimmed.slice(trimmed.lastIndexOf('\r') + 1);
	return afterReturn.replaceAll(escapeSequences, '').replaceAll('\t', '    ').replaceAll(controlCharacters, '');
}
