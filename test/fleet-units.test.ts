import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {remoteCtlArgs} from '../source/commands/ctl-host.js';
import {readFleetFile} from '../source/remote/fleet/fleet-file.js';
import {parseTarget, resolveTargets} from '../source/remote/fleet/fleet-target.js';
import {shellQuote} from '../source/remote/fleet/shell-quote.js';
import {sshArgs} from '../source/remote/fleet/ssh-command.js';
import {reasonFromError, reasonFromSsh} from '../source/remote/fleet/unreachable-reason.js';

describe('fleet targets', () => {
	it.each([
		['web1', {host: 'web1'}],
		['deploy@db:2222', {user: 'deploy', host: 'db', port: 2222}],
		['box#/srv/app/pilot.yml', {host: 'box', selector: '/srv/app/pilot.yml'}],
		['root@[::1]:22#~/a.sock', {user: 'root', host: '[::1]', port: 22, selector: '~/a.sock'}],
	])('reads %s', (text, expected) => {
		expect(parseTarget(text)).toMatchObject(expected);
	});

	it.each([
		['-oProxyCommand=x', 'may not start'],
		['box:99999', 'port 99999'],
		['a b', 'characters'],
		['box#', 'nothing after'],
		['', 'expected'],
	])('refuses %j with a sentence', (text, problem) => {
		expect(() => parseTarget(text)).toThrow(problem);
	});

	it('labels by host, telling apart the same host by port, user or selector', () => {
		const labels = resolveTargets([
			{target: 'web1'},
			{target: 'db:2222'},
			{target: 'db:2223'},
			{target: 'box#/a/one.sock'},
			{target: 'box#/b/two.yml'},
			{target: 'x', label: 'mine'},
		]).map(target => target.label);
		expect(labels).toEqual(['web1', 'db:2222', 'db:2223', 'box#one', 'box#two', 'mine']);
	});

	it('makes local a target on this machine and refuses the same target twice', () => {
		expect(resolveTargets([{target: 'local#/tmp/p.sock'}])[0]).toEqual({kind: 'local', label: 'local', selector: '/tmp/p.sock'});
		expect(() => resolveTargets([{target: 'web1'}, {target: 'web1'}])).toThrow('share the label');
		expect(() => resolveTargets([{target: 'web1', label: 'a/b'}])).toThrow('without "/"');
	});
});

describe('the ssh command', () => {
	it('runs pilot-tui without a terminal, in batch mode, with the port and the selector', () => {
		const [target] = resolveTargets([{target: 'deploy@db:2222#/srv/my app/pilot.yml'}]);
		const args = sshArgs(target as Extract<typeof target, {kind: 'ssh'}>, ['ctl', 'stream'], {isBatch: true, remoteCommand: 'npx pilot-tui'});
		expect(args).toEqual(expect.arrayContaining(['-T', 'BatchMode=yes', '-p', '2222', 'deploy@db']));
		expect(args.at(-1)).toBe('npx pilot-tui ctl stream --socket \'/srv/my app/pilot.yml\'');
	});

	it('quotes for the remote shell but keeps ~/ meaning the remote home', () => {
		expect(shellQuote('web')).toBe('web');
		expect(shellQuote('my worker')).toBe('\'my worker\'');
		expect(shellQuote('it\'s')).toBe('\'it\'\\\'\'s\'');
		expect(shellQuote('~/app/pilot.yml')).toBe('~/app/pilot.yml');
		expect(shellQuote('$(rm -rf /)')).toBe('\'$(rm -rf /)\'');
	});

	it('forwards every ctl argument but the host choice', () => {
		expect(remoteCtlArgs(['ctl', '--host', 'a', 'status', '--host=b', '--json', '--remote-command', 'npx pilot-tui', 'web'])).toEqual(['ctl', 'status', '--json', 'web']);
	});
});

describe('why a host is unreachable', () => {
	it.each([
		[255, 'ssh: connect to host 127.0.0.1 port 2: Connection refused\n', 'connect to host 127.0.0.1 port 2: Connection refused'],
		[255, 'root@127.0.0.1: Permission denied (publickey).\n', 'root@127.0.0.1: Permission denied (publickey). (is the key loaded in ssh-agent?)'],
		[127, 'bash: line 1: pilot-tui: command not found\n', 'pilot-tui not found there (set --remote-command)'],
		[1, 'pilot-tui: No pilot is running on /x.sock\n', 'no pilot'],
		[1, 'pilot-tui: the pilot went away\n', 'the pilot went away'],
	])('exit %i, %j', (code, stderr, reason) => {
		expect(reasonFromSsh(code, null, stderr)).toBe(reason);
	});

	it('lists several pilots by their first column', () => {
		const text = 'Several pilots are running; choose one with --socket <path>:\n  MANIFEST     PID  UPTIME  RUNNING  SOCKET\n  ~/a.yml      12  1m      2/2      /run/a.sock\n  ~/b.yml      13  1m      1/1      /run/b.sock';
		expect(reasonFromError(text)).toBe('several pilots: ~/a.yml, ~/b.yml (pick one with HOST#manifest or HOST#socket)');
	});
});

describe('the fleet file', () => {
	const write = (text: string) => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-fleet-')), 'pilot-fleet.yml');
		fs.writeFileSync(file, text);
		return file;
	};

	it('reads a list of targets, or hosts with labels and a remote command', () => {
		expect(readFleetFile(write('- web1\n- db:2222\n')).hosts).toEqual([{target: 'web1'}, {target: 'db:2222'}]);
		const file = readFleetFile(write('title: prod\nremote_command: npx pilot-tui\nhosts:\n  - web1\n  - {target: "deploy@db#~/app.yml", label: db}\n'));
		expect(file).toEqual({title: 'prod', remoteCommand: 'npx pilot-tui', hosts: [{target: 'web1'}, {target: 'deploy@db#~/app.yml', label: 'db'}]});
	});

	it.each([
		['hosts: []\n', 'no hosts'],
		['hosts:\n  - {target: a, lable: b}\n', 'unknown key \'lable\''],
		['hosts:\n  - 12\n', 'hosts[0]'],
		['hosts: [a\n', 'not valid YAML'],
	])('says what is wrong with %j', (text, message) => {
		expect(() => readFleetFile(write(text))).toThrow(message);
	});
});
