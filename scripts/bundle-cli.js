// Bundles the command-line program (dist/cli.js, compiled by tsc) into a few files, so starting
// it reads a handful of files instead of the ~900 modules ink, react and zod come as: the table
// opens several hundred milliseconds sooner. The library (dist/index.js) stays unbundled.
// The TUI, ctl and attach stay separate chunks, loaded only when used.
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';
import {withShellLauncher} from './shell-launcher.js';

// A folder other than dist/ (a private build, as the bench uses while others share dist/).
const outdir = process.argv[2] ?? 'dist';

/**
yoga-layout ships its WebAssembly as base64 inside its JavaScript; this writes the bytes to
chunks/yoga.wasm and leaves the JavaScript without them (scripts/yoga-from-file.js reads the file).
A yoga-layout that no longer looks like this fails the build instead of shipping the slow path.
*/
const yogaWasmFile = {
	name: 'yoga-wasm-file',
	setup(build) {
		build.onLoad({filter: /yoga-wasm-base64-esm\.js$/}, args => {
			const source = readFileSync(args.path, 'utf8');
			const inline = /H="data:application\/octet-stream;base64,([A-Za-z\d+/=]+)"/.exec(source);
			if (!inline?.[1] || !source.includes('w||"function"!=typeof fetch')) {
				throw new Error(`${args.path}: no inline WebAssembly found where scripts/bundle-cli.js expects it (yoga-layout changed?)`);
			}

			mkdirSync(`${outdir}/chunks`, {recursive: true});
			writeFileSync(`${outdir}/chunks/yoga.wasm`, Buffer.from(inline[1], 'base64'));
			return {contents: source.replace(inline[0], 'H=""'), loader: 'js'};
		});
	},
};

/** zod's locales: only English (see scripts/zod-locales-en.js). */
const zodEnglishOnly = {
	name: 'zod-english-only',
	setup(build) {
		build.onResolve({filter: /^\.\.\/locales\/index\.js$/}, args => args.importer.includes(`${path.sep}zod${path.sep}`)
			? {path: path.resolve('scripts/zod-locales-en.js')}
			: undefined);
	},
};

// Chunks of earlier builds would pile up (their names carry a hash of their content).
rmSync(`${outdir}/chunks`, {recursive: true, force: true});

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
	// string-width, as Ink, wrap-ansi and cli-truncate import it, with a cache, and yoga-layout
	// with its WebAssembly read from a file (see the files).
	alias: {'react-devtools-core': './scripts/empty-module.js', 'string-width': './scripts/cached-string-width.js', 'yoga-layout': './scripts/yoga-from-file.js'},
	plugins: [yogaWasmFile, zodEnglishOnly],
	// React and its reconciler choose their production build by NODE_ENV; unset, the program ran
	// their development build (twice the code to compile at start, and checks on every render).
	define: {'process.env.NODE_ENV': '"production"'},
	// Less source to read, parse and hold in memory at every start (names stay, for stack traces).
	minifyWhitespace: true,
	minifySyntax: true,
	banner: {js: "import {createRequire as __pilotCreateRequire} from 'node:module'; const require = __pilotCreateRequire(import.meta.url);"},
	logLevel: 'warning',
});

// A shell launcher in place of `#!/usr/bin/env node`: it reaps orphans when the pilot is PID 1.
writeFileSync(`${outdir}/cli.js`, withShellLauncher(readFileSync(`${outdir}/cli.js`, 'utf8')));
