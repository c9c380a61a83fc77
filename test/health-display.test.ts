import {stripVTControlCharacters} from 'node:util';
import {describe, expect, it} from 'vitest';
import {chooseColumns} from '../source/components/columns.js';
import {describeReason, formatRow} from '../source/components/format-row.js';
import {manualReason} from '../source/pilot/engine/start-in-order.js';
import {toProcessEntry} from '../source/pilot/plugins/control/http/http-protocol.js';
import {formatStatusTable} from '../source/remote/status-table.js';
import {makeView} from './helpers/fake-pilot.js';
import {createHeadlessPrinter} from '../source/commands/headless-printer.js';

const unhealthy = makeView('web', {health: {state: 'unhealthy', reason: 'http 503'}});
const healthy = makeView('api', {health: {state: 'healthy'}});
const manual = makeView('tool', {state: 'stopped', pid: null, ready: false, startedAt: null, reason: manualReason});
const job = makeView('migrate', {state: 'completed', pid: null, ready: false, startedAt: null, lastExit: {code: 0}, returnCode: 0, reason: 'exited with code 0'});

describe('health, manual and completed in the views', () => {
	it('INFO says healthy or unhealthy: why; a reason of the process comes first', () => {
		expect(describeReason(healthy, Date.now())).toBe('healthy');
		expect(describeReason(unhealthy, Date.now())).toBe('unhealthy: http 503');
		expect(describeReason(makeView('x', {health: {state: 'pending'}}), Date.now())).toBe('');
		expect(describeReason(manual, Date.now())).toBe(manualReason);
	});

	it('READY shows sick for an unhealthy process, also on a narrow terminal where INFO is gone', () => {
		const narrow = chooseColumns(50);
		expect(narrow.map(column => column.id)).not.toContain('info');
		const row = stripVTControlCharacters(formatRow(unhealthy, narrow, {now: Date.now()}));
		expect(row).toMatch(/web +running +sick/);
		expect(stripVTControlCharacters(formatRow(job, chooseColumns(120), {now: Date.now()}))).toMatch(/✔ migrate +completed/);
	});

	it('ctl status shows (healthy), (unhealthy) with the reason, (manual), completed; --json entries carry health', () => {
		const table = formatStatusTable([healthy, unhealthy, manual, job].map(view => toProcessEntry(view)));
		expect(table).toMatch(/api +running \(healthy\)/);
		expect(table).toMatch(/web +running \(unhealthy\) .*unhealthy: http 503/);
		expect(table).toMatch(/tool +stopped \(manual\)/);
		expect(table).toMatch(/migrate +completed /);
		expect(toProcessEntry(unhealthy).health).toEqual({state: 'unhealthy', reason: 'http 503'});
	});

	it('the headless output prints health decisions and completed without a pid', () => {
		let text = '';
		const printer = createHeadlessPrinter({names: ['web', 'migrate'], write: chunk => {
			text += chunk;
		}, isColor: false, pidOf: () => 42});
		printer.healthChanged({name: 'web', health: {state: 'pending'}});
		printer.healthChanged({name: 'web', health: {state: 'healthy'}});
		printer.healthChanged({name: 'web', health: {state: 'unhealthy', reason: 'http 503'}});
		printer.stateChanged({name: 'migrate', state: 'completed', reason: 'exited with code 0'});
		expect(text.split('\n').filter(Boolean).map(line => line.replaceAll(/ +/g, ' '))).toEqual([
			'web * healthy',
			'web * unhealthy: http 503',
			'migrate * completed: exited with code 0',
		]);
	});
});
