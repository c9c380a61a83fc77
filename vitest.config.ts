import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		globalSetup: ['test/global-setup.ts'],
		pool: 'forks',
		fileParallelism: true,
		maxWorkers: 2,
		// Type tests of the public API (expectTypeOf), checked by tsc alongside the run.
		typecheck: {
			enabled: true,
			include: ['test/types/**/*.test-d.ts'],
			tsconfig: 'test/types/tsconfig.json',
		},
	},
});
