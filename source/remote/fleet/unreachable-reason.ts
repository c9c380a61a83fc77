/** The last non-empty line of some text. */
function lastLine(text: string): string {
	return text.trim().split('\n').map(line => line.trim()).filter(Boolean).at(-1) ?? '';
}

/**
A pilot-tui error sentence in a few words for a host row: `no pilot`, `several pilots: a, b (...)`,
or the sentence itself without its `pilot-tui: ` prefix.
*/
export function reasonFromError(text: string): string {
	const clean = text.replaceAll(/^pilot-tui: /gm, '').trim();
	if (/^No pilot is running/m.test(clean)) {
		return 'no pilot';
	}

	const listed = /^Several pilots are running[^\n]*\n([\s\S]*)$/m.exec(clean)?.[1];
	if (listed !== undefined) {
		// The first column of each listed pilot (its manifest, or its socket), without the titles line.
		const list = listed.split('\n').map(line => line.trim().split(/\s+/)[0]).filter(first => first && first !== 'MANIFEST');
		return `several pilots: ${list.join(', ')} (pick one with HOST#manifest or HOST#socket)`;
	}

	return lastLine(clean) || 'closed';
}

/**
Why an ssh connection running `pilot-tui ctl stream` ended, from its exit code and stderr: ssh's own
failures exit 255 (connection refused, key refused, unknown host), a missing `pilot-tui` 127, and
pilot-tui's own errors 1 with its sentence.
*/
export function reasonFromSsh(code: number | null, signal: string | null, stderr: string): string {
	if (code === 255) {
		const line = lastLine(stderr).replace(/^ssh: /, '');
		if (/Permission denied/i.test(line)) {
			return `${line} (is the key loaded in ssh-agent?)`;
		}

		return line || 'ssh failed';
	}

	if (code === 127 || /command not found|No such file or directory/.test(stderr) && !stderr.includes('pilot-tui: ')) {
		return 'pilot-tui not found there (set --remote-command)';
	}

	if (stderr.trim() !== '') {
		return reasonFromError(stderr);
	}

	return signal ? `ssh ended by ${signal}` : code === 0 ? 'the pilot closed the connection' : `ssh exited with ${code}`;
}
