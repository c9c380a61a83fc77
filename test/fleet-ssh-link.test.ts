import {spawn} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {StreamMessage} from '../source/pilot/plugins/control/http/http-protocol.js';
import {resolveTargets, type FleetTarget} from '../source/remote/fleet/fleet-target.js';
import {sshLink} from '../source/remote/fleet/ssh-link.js';

const fakeSsh = path.join(import.meta.dirname, 'fixtures/fleet/fake-ssh.mjs');
const target = resolveTargets([{target: 'deploy@box:2222#~/app.yml'}])[0] as Extract<FleetTarget, {kind: 'ssh'}>;

function open(mode: string, requestTimeoutMs?: number) {
	const messages: StreamMessage[] = [];
	let closed: string | undefined;
	let gone: Promise<void> | undefined;
	const link = sshLink(target, {
		isBatch: true,
		requestTimeoutMs,
		spawn(_command, args) {
			const child = spawn(process.execPath, [fakeSsh, ...args], {stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, FAKE_SSH: mode}});
			// Once the fake ssh is gone and its pipes closed (a tick after, for the link's own listeners): when the link would report.
			gone = new Promise(resolve => {
				child.once('close', () => {
					setImmediate(resolve);
				});
			});
			return child;
		},
	})({
		onMessage: message => messages.push(message),
		onClose: reason => {
			closed = reason;
		},
	});
	return {link, messages, closed: () => closed, gone: async () => gone};
}

describe('a link over ssh', () => {
	it('runs ctl stream with the selector, skips a banner, and matches replies to requests', async () => {
		const {link, messages} = open('ok');
		await expect.poll(() => messages.map(message => message.type), {timeout: 20_000}).toEqual(['hello', 'snapshot']);
		const snapshot = messages[1] as unknown as {snapshot: {args: string[]}};
		expect(snapshot.snapshot.args).toEqual(['-T', '-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', '-o', 'BatchMode=yes', '-p', '2222', 'deploy@box', 'pilot-tui ctl stream --socket ~/app.yml']);
		const [one, two] = await Promise.all([link.request('POST', '/restart', {names: ['web']}), link.request('GET', '/info')]);
		expect(one).toEqual({route: '/restart', body: {names: ['web']}});
		expect(two).toEqual({route: '/info'});
		await expect(link.request('POST', '/fail')).rejects.toThrow('The pilot refused');
		link.close();
	});

	it('says why when ssh fails, and fails a request that gets no answer', async () => {
		const refused = open('refuse');
		await expect.poll(refused.closed, {timeout: 20_000}).toBe('connect to host box port 22: Connection refused');

		const mute = open('mute', 200);
		await expect.poll(() => mute.messages.length, {timeout: 20_000}).toBe(2);
		await expect(mute.link.request('GET', '/info')).rejects.toThrow('no answer to GET /info');
		mute.link.close();
		// Closed by us: no report, even once ssh is gone.
		await mute.gone();
		expect(mute.closed()).toBeUndefined();
	});
});
