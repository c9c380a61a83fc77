import type {ReloadResult} from '../pilot/model/reload-result.js';
import {requestJson, type ControlTarget} from '../remote/client.js';
import type {CliFlags} from './flags.js';

function print(result: ReloadResult, heading: string, flags: CliFlags): void {
	if (flags.json) {
		process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		return;
	}

	process.stdout.write(`${heading}\n${result.lines.map(line => `  ${line}`).join('\n')}\n`);
}

/**
`ctl reload [--dry-run]`: the pilot reads its manifest again and applies the difference; prints the
plan. An invalid manifest changes nothing: the pilot's list of problems, and exit 1 (by the caller).
*/
export async function ctlReload(target: ControlTarget, flags: CliFlags): Promise<void> {
	const result = await requestJson<ReloadResult>(target, 'POST', '/reload', {dry_run: flags.dryRun});
	print(result, flags.dryRun ? 'Dry run: a reload would do' : 'Reloaded the manifest', flags);
}

/** `ctl scale NAME N`: run N copies of the replica group NAME. */
export async function ctlScale(target: ControlTarget, args: readonly string[], flags: CliFlags): Promise<void> {
	const [group, countText, ...extra] = args;
	const count = Number(countText);
	if (group === undefined || countText === undefined || extra.length > 0 || !/^\d+$/.test(countText)) {
		throw new Error('Usage: pilot-tui ctl scale <name> <count>, e.g. pilot-tui ctl scale web 5');
	}

	const result = await requestJson<ReloadResult>(target, 'POST', '/scale', {name: group, replicas: count});
	print(result, `Scaled ${group} to ${count}`, flags);
}
