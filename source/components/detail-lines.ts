import type {EnvEntry, ExitRecord, GroupMember, LinkedProcess, ProcessDetail, ReadyDetail} from '../pilot/model/process-detail.js';
import {colors as chalk} from '../terminal/color-mode.js';
import {fit, formatCpu, formatDuration, formatMemory} from './format.js';
import {glyphs} from './glyphs.js';
import {stateStyle} from './state-style.js';

const labelWidth = 15;
const sep = ` ${glyphs.separator} `;

/** A labelled block: the label on the first line, the rest indented under the value. */
function field(label: string, values: readonly string[]): string[] {
	const [first = '-', ...rest] = values.length > 0 ? values : ['-'];
	return [`${chalk.bold(fit(label, labelWidth))}${first}`, ...rest.map(value => `${' '.repeat(labelWidth)}${value}`)];
}

/** Shell-like quoting, only where a word needs it. */
export function quoteWord(word: string): string {
	return /^[\w./:=@%+,-]+$/.test(word) ? word : JSON.stringify(word);
}

function linked(process: LinkedProcess): string {
	const style = stateStyle(process.state, process.ready);
	return `${style.color(style.glyph)} ${process.name} ${style.color(process.state)}`;
}

function env(entry: EnvEntry): string {
	return `${entry.name}=${entry.isMasked ? chalk.dim(entry.value) : entry.value}${entry.source === 'env' ? '' : chalk.dim(`  (${entry.source})`)}`;
}

function readiness(ready: ReadyDetail): string {
	if (ready.strategy === null) {
		return 'none (ready once spawned)';
	}

	const params = Object.entries(ready.params).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
	const state = {none: '-', waiting: chalk.yellow('waiting'), passed: chalk.green('passed'), 'not-run': chalk.gray('not running')}[ready.state];
	return `${ready.strategy} (${[...params, `timeout ${ready.timeoutSec}s`].join(', ')})${sep}${state}`;
}

function exitLine(record: ExitRecord): string {
	const time = new Date(record.endedAt).toTimeString().slice(0, 8);
	const how = 'code' in record.exit ? `code ${record.exit.code}` : record.exit.signal;
	const isBad = !record.wasStopped && !('code' in record.exit && record.exit.code === 0);
	const why = record.wasStopped ? chalk.dim(' (stopped by the pilot)') : '';
	return `${time}  ${(isBad ? chalk.red : (text: string) => text)(fit(how, 8))} ran ${fit(formatDuration(record.endedAt - record.startedAt), 6)} pid ${record.pid}${why}`;
}

function memberLines(members: readonly GroupMember[] | null): string[] {
	if (members === null) {
		return [chalk.dim('not available on this system (no /proc)')];
	}

	if (members.length === 0) {
		return ['-'];
	}

	return [
		chalk.dim(`${fit('PID', 8, 'right')} ${fit('CPU%', 6, 'right')} ${fit('RSS', 7, 'right')}  COMMAND`),
		...members.map(member => `${fit(String(member.pid), 8, 'right')} ${fit(formatCpu(member.cpuPercent), 6, 'right')} ${fit(formatMemory(member.memoryMb), 7, 'right')}  ${member.command || `[${member.pid}]`}`),
	];
}

function restartLines(detail: ProcessDetail, now: number): string[] {
	const {restart} = detail;
	if (restart.strategy !== 'restart') {
		return [`${restart.strategy}${sep}restarts ${restart.restarts}`];
	}

	const policy = `restart${sep}after a run under ${restart.minUptimeSec}s wait ${restart.delaySec}s, doubling up to ${restart.maxDelaySec}s${sep}max restarts ${restart.maxRestarts ?? 'none'}`;
	const retry = restart.nextRetryAt === null ? '' : `${sep}${chalk.magenta(`next retry in ${formatDuration(Math.max(0, restart.nextRetryAt - now) + 999)}`)}`;
	return [policy, `restarts ${restart.restarts}${retry}`];
}

/** The detail panel's lines (colours included); the panel cuts them to its width. */
export function detailLines(detail: ProcessDetail, now: number): string[] {
	const style = stateStyle(detail.state, detail.ready);
	const status = [
		style.color(`${style.glyph} ${detail.state}`),
		detail.pid === null ? '' : `pid ${detail.pid}`,
		detail.startedAt === null ? '' : `up ${formatDuration(now - detail.startedAt)}`,
		detail.reason ?? '',
	].filter(Boolean).join(sep);
	const health = detail.health ? [detail.health.check, detail.health.state, ...detail.health.results] : ['none'];
	return [
		...field('state', [status]),
		...field('command', [detail.command.map(word => quoteWord(word)).join(' ')]),
		...field('directory', [detail.workingDirectory ?? '-']),
		...field('environment', detail.env.map(entry => env(entry))),
		...field('ready', [readiness(detail.readiness)]),
		...field('health', health),
		...field('waits for', detail.dependencies.map(process => linked(process))),
		...field('waited for by', detail.dependents.map(process => linked(process))),
		...field('affinity', [detail.affinity ? `cores ${detail.affinity.join(',')}` : 'any core']),
		...field('on exit', restartLines(detail, now)),
		...field('last exits', detail.exits.length > 0 ? detail.exits.map(record => exitLine(record)) : ['none yet']),
		...field('group', memberLines(detail.members)),
	];
}
