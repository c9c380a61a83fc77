import fs from 'node:fs';

export type EnvFileResult = {
	readonly values: Record<string, string>;
	/** `line n: what is wrong`, or why the file could not be read. */
	readonly problems: string[];
};

const keyPattern = /^[A-Za-z_][\w.-]*$/;

/**
Parse `.env` text: `KEY=value` lines, blank lines and `#` comments skipped, an optional
`export ` prefix, values in double quotes (with `\n`, `\t`, `\"`, `\\` escapes), in single
quotes (literal), or bare (trimmed, a ` #` starts a comment). Later lines win.
*/
export function parseEnvText(text: string): EnvFileResult {
	const values: Record<string, string> = {};
	const problems: string[] = [];
	for (const [index, raw] of text.split(/\r?\n/).entries()) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) {
			continue;
		}

		const body = line.replace(/^export\s+/, '');
		const equals = body.indexOf('=');
		const key = equals === -1 ? body : body.slice(0, equals).trim();
		if (equals === -1 || !keyPattern.test(key)) {
			problems.push(`line ${index + 1}: expected KEY=value, got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}...` : raw)}`);
			continue;
		}

		const value = parseValue(body.slice(equals + 1).trim());
		if (value === null) {
			problems.push(`line ${index + 1}: the quote of ${key}'s value is not closed`);
			continue;
		}

		values[key] = value;
	}

	return {values, problems};
}

function parseValue(text: string): string | null {
	const quote = text[0];
	if (quote === '"' || quote === '\'') {
		const end = findClosingQuote(text, quote);
		if (end === -1) {
			return null;
		}

		const inner = text.slice(1, end);
		return quote === '\'' ? inner : inner.replaceAll(/\\([nrt"\\$])/g, (_match, char: string) => ({n: '\n', r: '\r', t: '\t'})[char] ?? char);
	}

	return text.replace(/\s+#.*$/, '').trim();
}

function findClosingQuote(text: string, quote: string): number {
	for (let index = 1; index < text.length; index++) {
		if (text[index] === '\\' && quote === '"') {
			index++;
		} else if (text[index] === quote) {
			return index;
		}
	}

	return -1;
}

/** Read and parse one env file; a missing or unreadable file is a problem, not a throw. */
export function readEnvFile(file: string): EnvFileResult {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return {values: {}, problems: [code === 'ENOENT' ? `Env file not found: ${file}` : `Cannot read env file ${file}: ${(error as Error).message}`]};
	}

	const result = parseEnvText(text);
	return {values: result.values, problems: result.problems.map(problem => `${file} ${problem}`)};
}

/** `env_file` as a list: a single path becomes a list of one. */
export function envFileList(value: unknown): string[] {
	if (typeof value === 'string') {
		return [value];
	}

	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
