// Lint for the whole tree: typescript-eslint's strict and stylistic type-checked sets for the
// TypeScript (source/, test/), React's hook rules for the UI, and ESLint's recommended set for
// everything, plain JavaScript included (bench/, scripts/, test fixtures). Each option below is a
// deliberate choice and says why in one line.
import js from '@eslint/js';
import {defineConfig, globalIgnores} from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
	globalIgnores([
		'dist/',
		'bench/.tmp/',
		// A plugin with a syntax error on purpose: the loader test checks how it is reported.
		'test/fixtures/plugins/bad-syntax/',
	]),
	{
		linterOptions: {reportUnusedDisableDirectives: 'error'},
	},
	{
		extends: [js.configs.recommended],
		languageOptions: {globals: globals.node},
		rules: {
			// `catch {}` is how best-effort cleanup says a failure does not matter (the process or file is already gone).
			'no-empty': ['error', {allowEmptyCatch: true}],
			// A terminal program parses escape sequences: regexes that match control characters are its job.
			'no-control-regex': 'off',
		},
	},
	{
		files: ['**/*.{ts,tsx}'],
		extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
		languageOptions: {
			parserOptions: {
				// source/ has tsconfig.json, test/ has test/tsconfig.json; the config files at the top
				// and the declarations next to scripts/ belong to no project.
				projectService: {allowDefaultProject: ['*.ts', 'scripts/*.d.ts']},
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			// Object shapes are `type` aliases throughout, like the unions next to them.
			'@typescript-eslint/consistent-type-definitions': ['error', 'type'],
			// `T[]` for simple element types, `Array<...>` where the element is itself a compound type.
			'@typescript-eslint/array-type': ['error', {default: 'array-simple'}],
			// Counts, sizes and durations go into messages as they are.
			'@typescript-eslint/restrict-template-expressions': ['error', {allowNumber: true}],
			// A no-op arrow is how a listener or a default callback says "nothing to do here".
			'@typescript-eslint/no-empty-function': ['error', {allow: ['arrowFunctions']}],
			// `value => send(value)` hands on a callback; it does not use the void it returns.
			'@typescript-eslint/no-confusing-void-expression': ['error', {ignoreArrowShorthand: true}],
			// Spreading a string means its code points here (flag letters, typed keys, glyph lists), as terminals count them.
			'@typescript-eslint/no-misused-spread': ['error', {allow: ['string']}],
			// A leading underscore marks a parameter the signature needs and this body does not; a rest
			// sibling is how an object is copied without one key.
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', ignoreRestSiblings: true}],
			// Passing on a caught value as it came is not inventing a non-Error rejection.
			'@typescript-eslint/prefer-promise-reject-errors': ['error', {allowThrowingUnknown: true}],
		},
	},
	{
		files: ['test/**/*.{ts,tsx}'],
		rules: {
			// In a test, `!` is an assertion: a missing value fails the test right there, which is what a test should do.
			'@typescript-eslint/no-non-null-assertion': 'off',
			// vitest's asymmetric matchers (`expect.stringContaining(...)`) are typed `any`.
			'@typescript-eslint/no-unsafe-assignment': 'off',
			// Fakes keep the async shape of the API they stand in for (a throw there is a rejection, as in the real one).
			'@typescript-eslint/require-await': 'off',
			// A fake's method that has nothing to do is empty on purpose.
			'@typescript-eslint/no-empty-function': ['error', {allow: ['arrowFunctions', 'methods']}],
		},
	},
	{
		// Type tests name methods to check their types; nothing calls them, so nothing loses its `this`.
		files: ['test/types/**/*.ts'],
		rules: {'@typescript-eslint/unbound-method': 'off'},
	},
	{
		files: ['source/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
		extends: [reactHooks.configs.flat.recommended],
	},
);
