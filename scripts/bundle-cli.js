// Bundles the command-line program (dist/cli.js, compiled by tsc) into a few files, so starting
// it reads a handful of files instead of the ~900 modules ink, react and zod come as: the table
// opens several hundred milliseconds sooner. The library (dist/index.js) stays unbundled.
// The TUI, ctl and attach stay separate chunks, loaded only when used.
import {readFileSync, writeFileSync} from 'node:fs';
import {build} from 'esbuild';
import {withShellLauncher} from './shell-launcher.js';

// A folder other than dist/ (a private build, as the bench uses while others share dist/).
const outdir = process.argv[2] ?? 'dist';

await build({
	entryPoints: {cli: `${outdir}/cli.js`},
	outdir,
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	allowOverwrite: true,
	// Loaded on demand for .ts plugins; it brings its own esbuild.
	external: ['tsx', 'tsx/*'],
	// ink imports react-devtools-core only for development; the bundle must not need it. And
	// string-width, as Ink, wrap-ansi and cli-truncate import it, with a cache (see the file).
	alias: {'react-devtools-core': './scripts/empty-module.js', 'string-width': './scripts/cached-string-width.js'},
	banner: {js: "import {createRequire as __pilotCreateRequire} from 'node:module'; const require = __pilotCreateRequire(import.meta.url);"},
	logLevel: 'warning',
});

// A shell launcher in place of `#!/usr/bin/env node`: it reaps orphans when the pilot is PID 1.
writeFileSync(`${outdir}/cli.js`, withShellLauncher(readFileSync(`${outdir}/cli.js`, 'utf8')));
