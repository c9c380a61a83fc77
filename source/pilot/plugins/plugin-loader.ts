import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {importTypeScript} from './import-typescript.js';
import {Plugin} from './plugin.js';

/** A plugin folder or file that could not be loaded; the message names the file and the cause. */
export class PluginLoadError extends Error {
	override name = 'PluginLoadError';
}

const pluginExtensions = new Set(['.js', '.mjs', '.cjs', '.ts']);
const pluginMethods = ['getLifecycleHooks', 'getReadyStrategies', 'getStatsHandlers', 'getControlServers'] as const;

/**
Whether `value` looks like a plugin. Duck-typed, because a plugin file may import `Plugin` from the
published `pilot-tui` package, a different class object than this source tree's.
*/
function isPluginLike(value: unknown): value is Plugin {
	if (value instanceof Plugin) {
		return true;
	}

	return typeof value === 'object' && value !== null && pluginMethods.every(method => typeof (value as Record<string, unknown>)[method] === 'function');
}

/** A class whose instances are plugins, other than the abstract base class itself. */
function isPluginClass(value: unknown): value is new () => Plugin {
	if (typeof value !== 'function' || value === Plugin || !value.prototype) {
		return false;
	}

	const prototype = value.prototype as Record<string, unknown>;
	if (!pluginMethods.every(method => typeof prototype[method] === 'function')) {
		return false;
	}

	// Another copy of the base class (from the published package) defines the methods itself.
	const parent = Object.getPrototypeOf(prototype) as Record<string, unknown> | null;
	return !(value.name === 'Plugin' && typeof parent?.['getReadyStrategies'] !== 'function');
}

async function importFile(file: string): Promise<Record<string, unknown>> {
	const url = pathToFileURL(file).href;
	if (path.extname(file) === '.ts') {
		return (await importTypeScript(url, import.meta.url)) as Record<string, unknown>;
	}

	return (await import(url)) as Record<string, unknown>;
}

function pluginsOf(exports: Record<string, unknown>): Plugin[] {
	const seen = new Set<unknown>();
	const plugins: Plugin[] = [];
	for (const value of Object.values(exports)) {
		if (seen.has(value)) {
			continue;
		}

		seen.add(value);
		if (isPluginClass(value)) {
			plugins.push(new value());
		} else if (isPluginLike(value)) {
			plugins.push(value);
		}
	}

	return plugins;
}

/** The cause in one line; a compiler's "failed with 1 error:" heading is joined with the error itself. */
function causeText(error: unknown): string {
	const lines = (error instanceof Error ? error.message : String(error))
		.split('\n')
		.map(line => line.trim())
		.filter(line => line !== '');
	const [first = String(error), second] = lines;
	return first.endsWith(':') && second ? `${first} ${second}` : first;
}

/**
Imports every `.js`, `.mjs`, `.cjs` and `.ts` file of `directory` (sorted by name, not recursive)
and returns every exported `Plugin` subclass (instantiated without arguments) and `Plugin` instance.
*/
export async function importPlugins(directory: string): Promise<Plugin[]> {
	const folder = path.resolve(directory);
	const info = await stat(folder).catch(() => undefined);
	if (!info) {
		throw new PluginLoadError(`Plugin directory not found: ${directory}`);
	}

	if (!info.isDirectory()) {
		throw new PluginLoadError(`Plugin directory is not a folder: ${directory}`);
	}

	const entries = await readdir(folder, {withFileTypes: true});
	const files = entries
		.filter(entry => !entry.isDirectory() && pluginExtensions.has(path.extname(entry.name)) && !entry.name.endsWith('.d.ts'))
		.map(entry => entry.name)
		.sort();

	const plugins: Plugin[] = [];
	for (const name of files) {
		const file = path.join(folder, name);
		try {
			plugins.push(...pluginsOf(await importFile(file)));
		} catch (error) {
			throw new PluginLoadError(`Cannot load plugin ${file}: ${causeText(error)}`, {cause: error});
		}
	}

	return plugins;
}
