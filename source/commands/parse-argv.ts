import {knownItem} from '../pilot/model/known-entry.js';
import {isFlagValue, isNegativeNumber, type FlagSpec} from './check-argv.js';

/** A declared flag: its type, short letter, default, and whether it may repeat. */
export type DeclaredFlag = FlagSpec & {
	readonly default?: string | number | boolean;
	readonly isMultiple?: boolean;
};

export type ParsedArgv = {
	/** The words that are not flags (the command and its arguments), in order. */
	readonly input: string[];
	/** Flags by their camelCase name; defaults filled in; `--no-x` gives false. */
	readonly flags: Record<string, unknown>;
};

const camel = (name: string) => name.replaceAll(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
Reads a command line that `findArgvProblem` accepted: `--name value`, `--name=value`, `--no-name`,
`-d` and `-df`, numbers as numbers, `--` ending the flags. The CLI's own parser in place of meow:
meow normalizes the package's package.json (licence lookups through ICU collation included) on
every start, which cost the first frame about 30 ms, and node:util's parseArgs in Node 20 has no
`--no-` negation.
*/
export function parseArgv(argv: readonly string[], declared: Readonly<Record<string, DeclaredFlag>>): ParsedArgv {
	const specs = new Map<string, DeclaredFlag>(Object.entries(declared).map(([name, spec]) => [camel(name), spec]));
	const byLetter = new Map([...specs].filter(([, spec]) => spec.shortFlag).map(([name, spec]) => [spec.shortFlag, name]));
	const flags: Record<string, unknown> = {};
	const input: string[] = [];
	const set = (name: string, value: unknown) => {
		const spec = specs.get(name);
		const typed = spec?.type === 'number' && typeof value === 'string' ? Number(value) : value;
		flags[name] = spec?.isMultiple && typed !== false ? [...(flags[name] as unknown[] | undefined) ?? [], typed] : typed;
	};

	for (let index = 0; index < argv.length; index++) {
		const token = knownItem(argv, index);
		if (token === '--') {
			input.push(...argv.slice(index + 1));
			break;
		}

		if (!token.startsWith('-') || token === '-' || isNegativeNumber(token)) {
			input.push(token);
			continue;
		}

		const next = argv[index + 1];
		const takesNext = (spec: DeclaredFlag) => isFlagValue(next, spec);
		if (token.startsWith('--')) {
			const equals = token.indexOf('=');
			const name = camel(token.slice(2, equals === -1 ? undefined : equals));
			const inline = equals === -1 ? undefined : token.slice(equals + 1);
			const spec = specs.get(name);
			if (!spec && name.startsWith('no') && inline === undefined) {
				set(name.slice(2, 3).toLowerCase() + name.slice(3), false);
			} else if (spec?.type === 'boolean' || (!spec && inline === undefined)) {
				set(name, inline === undefined ? true : inline !== 'false');
			} else {
				set(name, inline ?? (spec && takesNext(spec) ? argv[++index] : ''));
			}

			continue;
		}

		const letters = [...token.slice(1)];
		for (const [position, letter] of letters.entries()) {
			const name = byLetter.get(letter) ?? letter;
			const spec = specs.get(name);
			if (spec?.type !== 'boolean' && spec) {
				const rest = letters.slice(position + 1).join('');
				set(name, rest || (takesNext(spec) ? argv[++index] : ''));
				break;
			}

			set(name, true);
		}
	}

	for (const [name, spec] of specs) {
		if (!(name in flags) && spec.default !== undefined) {
			flags[name] = spec.default;
		}
	}

	return {input, flags};
}
