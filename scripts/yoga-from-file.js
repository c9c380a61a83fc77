// yoga-layout, put in place of the package in the CLI bundle (scripts/bundle-cli.js), with its
// WebAssembly read from a file instead of a base64 data: URL inside the JavaScript. The package
// loads that URL with fetch(), which brings up undici and decodes the base64 on the main thread:
// about 60 ms of every start before the first frame. The build writes the bytes to yoga.wasm
// next to the chunk, and this passes them to the same Emscripten loader as wasmBinary.
import {readFileSync} from 'node:fs';
import loadYoga from '../node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from '../node_modules/yoga-layout/dist/src/wrapAssembly.js';

export * from '../node_modules/yoga-layout/dist/src/generated/YGEnums.js';

function readWasm() {
	try {
		return readFileSync(new URL('yoga.wasm', import.meta.url));
	} catch {
		return readFileSync(new URL('chunks/yoga.wasm', import.meta.url));
	}
}

const Yoga = wrapAssembly(await loadYoga({wasmBinary: readWasm()}));
export default Yoga;
