/** What a user sees when a `.ts` plugin is found but tsx, an optional peer dependency, is not installed. */
export const tsxMissingMessage = 'TypeScript plugins need the optional package tsx: run `npm install tsx` where pilot-tui is installed, or compile the plugin to .js';

type TsxApi = {tsImport: (specifier: string, options: {parentURL: string}) => Promise<unknown>};

/**
Whether `error` says that the package `tsx` itself could not be found (not a module a plugin
imports). Module runners (vitest, bundlers' shims) wrap the resolver's error: its causes count too.
*/
export function isTsxMissing(error: unknown): boolean {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		const {code, message, cause} = current as {code?: unknown; message?: unknown; cause?: unknown};
		if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && typeof message === 'string' && /['"]tsx(?:\/[^'"]*)?['"]/.test(message)) {
			return true;
		}

		current = cause;
	}

	return false;
}

/**
Import a TypeScript file through tsx, loaded only now: it costs memory and start-up time, and it is
an optional peer dependency (it brings an 11 MB esbuild binary that only `.ts` plugins need).
`load` is injectable so that tests can play a machine without tsx.
*/
export async function importTypeScript(url: string, parentURL: string, load: () => Promise<TsxApi> = async () => import('tsx/esm/api')): Promise<unknown> {
	let api: TsxApi;
	try {
		api = await load();
	} catch (error) {
		throw isTsxMissing(error) ? new Error(tsxMissingMessage, {cause: error}) : error;
	}

	return api.tsImport(url, {parentURL});
}
