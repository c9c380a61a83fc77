import {render} from 'ink';
import type {PilotApi} from '../pilot/model/pilot-api.js';
import {App, type QuitHow} from './app.js';
import type {AppMode} from './keymap.js';
import type {HangupMode} from '../pilot/manifest/hangup-mode.js';
import {ScreenStream} from './screen-stream.js';

export type RenderAppOptions = {
	readonly title: string;
	readonly host: string;
	readonly mode: AppMode;
	/** Aborting ends the UI (and restores the terminal) as if the user quit; `signal.reason` may be a `QuitHow`. */
	readonly signal?: AbortSignal;
	readonly stdout?: NodeJS.WriteStream;
	readonly stdin?: NodeJS.ReadStream;
	/** Shown in the header: what the pilot does when the terminal goes away. */
	readonly onHangup?: HangupMode;
};

const enterScreen = '\u001B[?1049h\u001B[H\u001B[2J\u001B[?25l';
const leaveScreen = '\u001B[?25h\u001B[?1049l';

const quitHows: readonly QuitHow[] = ['stop', 'detach', 'force'];

/**
Show the live table full screen until the user quits (or `signal` aborts): switches to the
alternate screen, hides the cursor, renders with Ctrl-C handled by the app, and puts the terminal
back however it ends, an exception or a crash of the process included.
*/
export async function renderPilotApp(api: PilotApi, options: RenderAppOptions): Promise<QuitHow> {
	const stdout = options.stdout ?? process.stdout;
	let isRestored = false;
	const restore = () => {
		if (!isRestored) {
			isRestored = true;
			stdout.write(leaveScreen);
		}
	};

	stdout.write(enterScreen);
	let settle: (how: QuitHow) => void = () => undefined;
	const quit = new Promise<QuitHow>(resolve => {
		settle = resolve;
	});
	const onAbort = () => {
		const reason: unknown = options.signal?.reason;
		settle(quitHows.includes(reason as QuitHow) ? reason as QuitHow : 'stop');
	};

	options.signal?.addEventListener('abort', onAbort, {once: true});
	const screen = new ScreenStream(stdout);
	let onExit = restore;
	try {
		const instance = render(<App api={api} title={options.title} host={options.host} mode={options.mode} onHangup={options.onHangup} onQuit={how => settle(how)}/>, {
			stdout: screen as unknown as NodeJS.WriteStream,
			stdin: options.stdin ?? process.stdin,
			exitOnCtrlC: false,
			patchConsole: true,
		});
		// A crash skips every `finally`: this exit handler still restores the screen (TTY writes are
		// synchronous). It unmounts Ink first (Ink's own exit hook runs after every listener), so that
		// Ink's last frame lands on the alternate screen, not on the user's.
		onExit = () => {
			instance.unmount();
			restore();
		};
		process.on('exit', onExit);
		if (options.signal?.aborted) {
			onAbort();
		}

		const how = await Promise.race([quit, instance.waitUntilExit().then(() => 'stop' as const)]);
		instance.unmount();
		await instance.waitUntilExit();
		return how;
	} finally {
		screen.dispose();
		options.signal?.removeEventListener('abort', onAbort);
		restore();
		process.off('exit', onExit);
	}
}
