import {renderPilotApp} from '../components/render-app.js';
import {describeTarget} from '../remote/client.js';
import {choosePilot} from '../remote/choose-pilot.js';
import {RemotePilot} from '../remote/remote-pilot.js';
import {isFleetAttach, runFleetAttach} from './attach-fleet.js';
import type {CliFlags} from './flags.js';

/**
`pilot-tui attach [manifest]`: the live table of a pilot running elsewhere, fed by its event stream and
acting through its API. `q` detaches (the pilot keeps running); `X` then `y` stops the pilot. Without
a manifest or --socket: the only live pilot; several are listed.
*/
export async function runAttach(input: string[], flags: CliFlags): Promise<number> {
	if (isFleetAttach(input, flags)) {
		return runFleetAttach(input, flags);
	}

	if (input.length > 1) {
		throw new Error(`attach takes at most one manifest (got '${input.join(' ')}'); or choose the pilot with --socket <path>`);
	}

	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new Error('attach needs a terminal (over ssh: ssh -t host pilot-tui attach); use `pilot-tui ctl status` in scripts');
	}

	const target = await choosePilot({socket: flags.socket, manifest: input[0], defaults: flags.controlDefaults, hint: '`pilot-tui attach <manifest>` or --socket <path>'});
	const remote = new RemotePilot(target);
	await remote.connect();
	const host = remote.host ?? describeTarget(target);
	// Terminal gone (SSH dropped): there is nothing to restore; Node would abort when exiting without a TTY.
	const onHangup = () => {
		remote.close();
		process.kill(process.pid, 'SIGKILL');
	};

	const detach = new AbortController();
	const onTerminate = () => {
		detach.abort('detach');
	};

	process.once('SIGHUP', onHangup);
	process.once('SIGTERM', onTerminate);
	try {
		const how = await renderPilotApp(remote, {title: remote.getSnapshot().title ?? 'pilot', host, mode: 'attached', signal: detach.signal});
		process.stdout.write(how === 'stop' ? `Stopping the pilot on ${host}.\n` : `Detached from ${host}; the pilot keeps running.\n`);
	} finally {
		process.off('SIGHUP', onHangup);
		process.off('SIGTERM', onTerminate);
		remote.close();
	}

	return 0;
}
