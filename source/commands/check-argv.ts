import {suggestKey} from '../pilot/manifest/hints.js';
import {knownItem} from '../pilot/model/known-entry.js';

/** A flag as `cli.tsx` declares it. */
export type FlagSpec = {
	readonly type: 'string' | 'number' | 'boolean';
	readonly shortFlag?: string;
	readonly aliases?: readonly string[];
};

const kebab = (name: string) => name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
/** `-5`, `-0.5`: a word (or a number flag's value), not a flag. */
export const isNegativeNumber = (token: string) => /^-(?:\d+|\d*\.\d+)(?:e[+-]?\d+)?$/i.test(token);

/** Whether the word after a string or number flag is its value (`--lines -5` yes, `--control --json` no). */
export const isFlagValue = (next: string | undefined, spec: FlagSpec): next is string =>
	next !== undefined && next !== '--' && (!next.startsWith('-') || (spec.type === 'number' && isNegativeNumber(next)));
const builtIn: Record<string, FlagSpec> = {help: {type: 'boolean'}, version: {type: 'boolean'}};

function unknownFlag(token: string, candidates: readonly string[]): string {
	const suggestion = suggestKey(token.replace(/^-+/, '').replace(/=[\s\S]*$/, ''), candidates);
	return `unknown flag ${token.split('=')[0]}${suggestion ? ` (did you mean --${suggestion}?)` : ''}`;
}

function checkValue(flag: string, spec: FlagSpec, value: string | undefined): string | undefined {
	if (value === undefined || value === '') {
		return `${flag} needs a ${spec.type === 'number' ? 'number' : 'value'}`;
	}

	if (spec.type === 'number' && !Number.isFinite(Number(value))) {
		return `${flag} needs a number, got "${value}"`;
	}

	return undefined;
}

/**
The first mistake on the command line as one sentence, or undefined: a flag nobody declared (with
the nearest declared one: `--no-tiu` → `did you mean --no-tui?`), a string or number flag without
its value (`--control` at the end, or followed by another flag), a number flag given a word.
`parseArgv` reads the command line only after this check has passed.
*/
export function findArgvProblem(argv: readonly string[], declared: Readonly<Record<string, FlagSpec>>): string | undefined {
	const specs = {...builtIn, ...declared};
	const long = new Map<string, FlagSpec>();
	const short = new Map<string, [string, FlagSpec]>();
	for (const [name, spec] of Object.entries(specs)) {
		for (const alias of [name, kebab(name), ...(spec.aliases ?? []).map(alias => kebab(alias))]) {
			long.set(alias, spec);
		}

		if (spec.shortFlag) {
			short.set(spec.shortFlag, [kebab(name), spec]);
		}
	}

	const candidates = Object.entries(specs).flatMap(([name, spec]) => spec.type === 'boolean' ? [kebab(name), `no-${kebab(name)}`] : [kebab(name)]);
	for (let index = 0; index < argv.length; index++) {
		const token = knownItem(argv, index);
		if (token === '--') {
			break;
		}

		if (!token.startsWith('-') || token === '-' || isNegativeNumber(token)) {
			continue;
		}

		const next = argv[index + 1];
		const takesNext = (spec: FlagSpec) => isFlagValue(next, spec);
		if (token.startsWith('--')) {
			const equals = token.indexOf('=');
			const name = token.slice(2, equals === -1 ? undefined : equals);
			const inline = equals === -1 ? undefined : token.slice(equals + 1);
			const spec = long.get(name);
			if (!spec) {
				if (name.startsWith('no-') && long.has(name.slice(3)) && inline === undefined) {
					continue; // `--no-tui`, `--no-control`: yargs negates any flag.
				}

				return unknownFlag(token, candidates);
			}

			if (spec.type === 'boolean') {
				continue;
			}

			const value = inline ?? (takesNext(spec) ? argv[++index] : undefined);
			const problem = checkValue(`--${name}`, spec, value);
			if (problem) {
				return problem;
			}

			continue;
		}

		// `-d`, or several short flags together (`-dq`); a flag with a value must come last.
		const letters = [...token.slice(1)];
		for (const [position, letter] of letters.entries()) {
			const found = short.get(letter);
			if (!found) {
				return unknownFlag(letters.length === 1 ? token : `-${letter}`, candidates);
			}

			const [name, spec] = found;
			if (spec.type !== 'boolean') {
				const rest = letters.slice(position + 1).join('');
				const value = rest || (takesNext(spec) ? argv[++index] : undefined);
				const problem = checkValue(`-${letter} (--${name})`, spec, value);
				if (problem) {
					return problem;
				}

				break;
			}
		}
	}

	return undefined;
}
