import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {runCheck} from '../source/commands/check.js';
import {parseEnvText} from '../source/pilot/manifest/env-file.js';
import {interpolateString} from '../source/pilot/manifest/interpolate.js';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {temporaryDirectory} from './helpers/engine.js';
import {thrown} from './helpers/manifest-error.js';

function write(folder: string, files: Record<string, string>): void {
	for (const [name, text] of Object.entries(files)) {
		fs.writeFileSync(path.join(folder, name), text);
	}
}

describe('.env files', () => {
	it('reads KEY=value, quotes, comments and the export prefix; later lines win', () => {
		const {values, problems} = parseEnvText([
			'# a comment',
			'export A=1',
			'B = two words  # trailing comment',
			'C="line\\nbreak \\"quoted\\" # not a comment"',
			'D=\'$literal \\n\'',
			'',
			'A=again',
			'not a pair',
			'E="unclosed',
		].join('\n'));
		expect(values).toEqual({A: 'again', B: 'two words', C: 'line\nbreak "quoted" # not a comment', D: '$literal \\n'});
		expect(problems).toEqual(['line 8: expected KEY=value, got "not a pair"', 'line 9: the quote of E\'s value is not closed']);
	});
});

describe('${VAR} interpolation', () => {
	const lookup = (name: string) => ({HOST: {value: 'db.local', source: 'environment' as const}, EMPTY: {value: '', source: 'environment' as const}})[name];

	it('replaces ${VAR} and ${VAR:-default} (also for an empty value), keeps $$ as $ and other $ as they are', () => {
		const used: Parameters<typeof interpolateString>[2] = new Map();
		expect(interpolateString('${HOST}:${PORT:-5432} $$HOME ${EMPTY:-x} $5', lookup, used)).toEqual({value: 'db.local:5432 $HOME x $5', missing: [], malformed: []});
		expect([...used.keys()].sort()).toEqual(['EMPTY', 'HOST', 'PORT']);
	});

	it('names what is undefined', () => {
		expect(interpolateString('${NOPE}/${HOST}', lookup, new Map()).missing).toEqual(['NOPE']);
	});
});

describe('env_file and variables in a manifest', () => {
	it('resolve as documented: top-level env files feed ${VAR} and every process; the environment wins for ${VAR}; per-process files, then env, win', () => {
		const folder = temporaryDirectory();
		write(folder, {
			'.env': 'PORT=8080\nGREETING=from-file\nSHARED=top\n',
			'web.env': 'SHARED=web-file\nONLY_WEB=yes\n',
			'pilot.yml': [
				'env_file: .env',
				'processes:',
				'  - name: web',
				'    path: sleep',
				'    args: ["${PORT}", "${GREETING}", "${MISSING:-fallback}", "$$PORT"]',
				'    env_file: [web.env]',
				'    env: {URL: "http://localhost:${PORT}/", ONLY_WEB: from-env}',
			].join('\n'),
		});
		const manifest = ProcessManifest.fromFile(path.join(folder, 'pilot.yml'), {environment: {GREETING: 'from-environment'}});
		const [web] = manifest.processes;
		expect(web!.args).toEqual(['8080', 'from-environment', 'fallback', '$PORT']);
		expect(web!.env).toEqual({PORT: '8080', GREETING: 'from-file', SHARED: 'web-file', ONLY_WEB: 'from-env', URL: 'http://localhost:8080/'});
		expect(manifest.variables.used).toEqual([
			{name: 'GREETING', value: 'from-environment', source: 'environment'},
			{name: 'MISSING', value: 'fallback', source: 'default'},
			{name: 'PORT', value: '8080', source: 'env_file'},
		]);
	});

	it('an undefined variable is a located error naming it; a missing env file is located too', () => {
		const folder = temporaryDirectory();
		write(folder, {'pilot.yml': 'processes:\n  - name: web\n    path: sleep\n    args: ["${DB_HOST}"]\n    env_file: nowhere.env\n'});
		const error = thrown(() => ProcessManifest.fromFile(path.join(folder, 'pilot.yml'), {environment: {}}));
		expect(error.message).toContain('pilot.yml:4:12 processes[0].args[0] (web): Variable \'DB_HOST\' is not defined');
		expect(error.message).toContain(`pilot.yml:5:15 processes[0].env_file (web): Env file not found: ${path.join(folder, 'nowhere.env')}`);
	});

	it('pilot-tui check prints the values used, secrets masked', async () => {
		const folder = temporaryDirectory();
		write(folder, {
			'.env': 'API_TOKEN=abc123\nDB_PASSWORD=hunter2\nREGION=eu\n',
			'pilot.yml': 'env_file: .env\nprocesses:\n  - name: web\n    path: sleep\n    args: ["${REGION}", "${API_TOKEN}"]\n    env: {SECRET_KEY: "${DB_PASSWORD}", MODE: prod}\n',
		});
		let stdout = '';
		const spy = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
			stdout += String(chunk);
			return true;
		});
		try {
			expect(runCheck([path.join(folder, 'pilot.yml')], {json: false, strict: false})).toBe(0);
		} finally {
			spy.mockRestore();
		}

		expect(stdout).toContain('REGION=eu  (env file)');
		expect(stdout).toContain('API_TOKEN=********  (env file)');
		expect(stdout).toContain('DB_PASSWORD=********');
		expect(stdout).toContain('SECRET_KEY=********');
		expect(stdout).toContain('MODE=prod');
		expect(stdout).not.toContain('abc123');
		expect(stdout).not.toContain('hunter2');
	});
});
