import fs from 'node:fs';
import path from 'node:path';
import {isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node} from 'yaml';
import {fileError, ManifestError, type ManifestIssue} from './manifest-error.js';

export type FieldPath = ReadonlyArray<string | number>;
export type Position = {readonly line: number; readonly column: number};
/** Finds where a field is in the file: the value, or with `key` the key itself; the nearest existing parent when it is missing. */
export type Locator = (field: FieldPath, options?: {key?: boolean}) => Position | null;

export type ManifestSource = {
	readonly data: unknown;
	/** The file as the user named it, for messages. */
	readonly file: string;
	readonly filePath: string;
	readonly locate: Locator;
	readonly warnings: ManifestIssue[];
};

export type ManifestFormat = 'yaml' | 'json';

/** Bigger files are refused before reading: no manifest needs megabytes. */
export const maxManifestBytes = 8 * 1024 * 1024;
/** YAML aliases allowed when expanding the document (alias bombs blow up past this). */
export const maxAliasCount = 100;
/** Deeper data is refused: no manifest field nests this deep. */
export const maxDepth = 32;

const noLocation: Locator = () => null;

/** Read, decode and parse a manifest file; every failure is a `ManifestError` with one clear line. */
export function readManifestSource(file: string, format: ManifestFormat): ManifestSource {
	const filePath = path.resolve(file);
	const text = readText(file, filePath);
	const lineCounter = new LineCounter();
	let document: Document | undefined;
	try {
		document = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2'});
	} catch {
		if (format === 'yaml') {
			throw fileError(file, 'The manifest is nested too deeply to read');
		}
	}

	const position = (offset: number): Position => {
		const {line, col} = lineCounter.linePos(offset);
		return {line, column: col};
	};

	const locate: Locator = document ? makeLocator(document, position) : noLocation;
	let data: unknown;
	if (format === 'json') {
		data = parseJson(file, text);
	} else if (document) {
		data = toData(file, document, position);
	} else {
		throw new Error(`Internal error: no YAML document for ${file}`);
	}

	if (document) {
		reportDuplicateKeys(file, document, text, position, format);
	}

	if (data === null || data === undefined) {
		throw fileError(file, 'Manifest file is empty (it has no content besides comments)');
	}

	checkDepth(file, data, locate);
	const warnings: ManifestIssue[] = format === 'yaml' && document
		? document.warnings.map(warning => ({file, ...position(warning.pos[0]), field: '', process: null, message: firstLine(warning.message), severity: 'warning' as const}))
		: [];
	return {data, file, filePath, locate, warnings};
}

function readText(file: string, filePath: string): string {
	let buffer: Buffer;
	try {
		const stat = fs.statSync(filePath);
		if (stat.isDirectory()) {
			throw fileError(file, `Manifest path is a folder, not a file: ${filePath}`);
		}

		if (stat.size > maxManifestBytes) {
			throw fileError(file, `Manifest file is too large (${(stat.size / 1024 / 1024).toFixed(1)} MB; the limit is ${maxManifestBytes / 1024 / 1024} MB)`);
		}

		buffer = fs.readFileSync(filePath);
	} catch (error) {
		if (error instanceof ManifestError) {
			throw error;
		}

		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			throw fileError(file, `Manifest file not found: ${filePath}`);
		}

		throw fileError(file, `Cannot read the manifest file: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
	}

	if (buffer.length > maxManifestBytes) {
		throw fileError(file, `Manifest file is too large (the limit is ${maxManifestBytes / 1024 / 1024} MB)`);
	}

	const nul = buffer.indexOf(0);
	if (nul !== -1) {
		throw fileError(file, `This is not a text file (binary data at byte ${nul}); a manifest is YAML or JSON text`);
	}

	let text: string;
	try {
		text = new TextDecoder('utf-8', {fatal: true}).decode(buffer);
	} catch {
		const lossy = new TextDecoder('utf-8').decode(buffer);
		const at = lossy.indexOf('\uFFFD');
		throw fileError(file, 'The manifest is not valid UTF-8 text; save it as UTF-8', offsetToPosition(lossy, Math.max(at, 0)));
	}

	text = text.replace(/^\uFEFF/, '');
	if (text.trim() === '') {
		throw fileError(file, 'Manifest file is empty');
	}

	return text;
}

function toData(file: string, document: Document, position: (offset: number) => Position): unknown {
	const error = document.errors.find(error => error.code !== 'DUPLICATE_KEY');
	if (error) {
		throw fileError(file, `Invalid YAML: ${firstLine(error.message)}`, position(error.pos[0]));
	}

	try {
		return document.toJS({maxAliasCount});
	} catch (error) {
		if (error instanceof ReferenceError && /alias/i.test(error.message)) {
			throw fileError(file, `Too many YAML aliases: the document would expand beyond ${maxAliasCount} aliases (an "alias bomb")`);
		}

		throw fileError(file, `Cannot read the YAML document: ${firstLine((error as Error).message)}`);
	}
}

function parseJson(file: string, text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		const message = (error as Error).message;
		const offset = /at position (\d+)/.exec(message);
		const where = offsetToPosition(text, offset ? Number(offset[1]) : jsonErrorOffset(text));
		const clean = message.replace(/ in JSON at position \d+[^]*$/, '').replace(/, (\.\.\.)?"[^]*$/, '');
		throw fileError(file, `Invalid JSON: ${firstLine(clean)}`, where);
	}
}

/**
Where JSON.parse gave up when its message has no position (Node 20 leaves it out for unexpected
tokens): the shortest prefix that fails for another reason than ending early ends at the culprit.
*/
function jsonErrorOffset(text: string): number {
	const endsEarly = (length: number): boolean => {
		try {
			JSON.parse(text.slice(0, length));
			return true;
		} catch (error) {
			const message = (error as Error).message;
			const at = /at position (\d+)/.exec(message);
			return /end of JSON input|Unterminated/i.test(message) || (at !== null && Number(at[1]) >= length);
		}
	};

	let low = 0;
	let high = text.length;
	while (low < high) {
		const middle = Math.floor((low + high) / 2);
		if (endsEarly(middle)) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return Math.max(0, low - 1);
}

function reportDuplicateKeys(file: string, document: Document, text: string, position: (offset: number) => Position, format: ManifestFormat): void {
	const duplicates = document.errors.filter(error => error.code === 'DUPLICATE_KEY');
	if (duplicates.length === 0) {
		return;
	}

	throw new ManifestError(duplicates.map(error => {
		const key = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n]*)/.exec(text.slice(error.pos[0], error.pos[0] + 200))?.[1]?.trim() ?? '';
		const name = key.length > 0 && key.length < 80 ? ` ${/^["']/.test(key) ? key : `'${key}'`}` : '';
		return {file, ...position(error.pos[0]), field: '', process: null, message: `Duplicate key${name}: each key may appear only once in a ${format === 'json' ? 'JSON object' : 'YAML mapping'}`, severity: 'error' as const};
	}));
}

function checkDepth(file: string, data: unknown, locate: Locator): void {
	const stack: Array<{value: unknown; depth: number; field: Array<string | number>}> = [{value: data, depth: 0, field: []}];
	const seen = new Set<unknown>();
	for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
		const {value, depth, field} = item;
		if (typeof value !== 'object' || value === null || seen.has(value)) {
			continue;
		}

		seen.add(value);
		if (depth >= maxDepth) {
			const where = locate(field);
			throw new ManifestError([{file, line: where?.line ?? null, column: where?.column ?? null, field: formatField(field), process: null, message: `The manifest is nested too deeply (more than ${maxDepth} levels)`, severity: 'error'}]);
		}

		for (const [key, child] of Object.entries(value)) {
			stack.push({value: child, depth: depth + 1, field: [...field, Array.isArray(value) ? Number(key) : key]});
		}
	}
}

function makeLocator(document: Document, position: (offset: number) => Position): Locator {
	return (field, options) => {
		let node: unknown = document.contents;
		let found: Node | null = isNodeWithRange(node) ? node : null;
		for (const [index, segment] of field.entries()) {
			if (isMap(node)) {
				const pair = node.items.find(item => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
				if (!pair) {
					break;
				}

				const keyRange = isNodeWithRange(pair.key) ? pair.key.range : undefined;
				if (options?.key && index === field.length - 1 && keyRange) {
					return position(keyRange[0]);
				}

				node = pair.value;
			} else if (isSeq(node) && typeof segment === 'number') {
				node = node.items[segment];
			} else {
				break;
			}

			if (!isNodeWithRange(node)) {
				break;
			}

			found = node;
		}

		return found?.range ? position(found.range[0]) : null;
	};
}

function isNodeWithRange(node: unknown): node is Node {
	return typeof node === 'object' && node !== null && Array.isArray((node as Node).range);
}

/** `processes[2].dependencies[0]` */
export function formatField(field: FieldPath): string {
	let text = '';
	for (const segment of field) {
		text += typeof segment === 'number' ? `[${segment}]` : `${text ? '.' : ''}${segment}`;
	}

	return text;
}

function offsetToPosition(text: string, offset: number): Position {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	return {line, column: offset - before.lastIndexOf('\n')};
}

function firstLine(message: string): string {
	return message.replace(/\n[\s\S]*$/, '').replace(/ at line \d+, column \d+:?$/, '').trim();
}
