/**
Whether the terminal's locale is UTF-8, decided as the C library does: the first of `LC_ALL`,
`LC_CTYPE`, `LANG` that is set wins (`LANG=C` on an old box reached over SSH means ASCII). With none
set we assume UTF-8, as every current terminal emulator is, except the Linux console.
*/
export function isUnicodeLocale(env: NodeJS.ProcessEnv = process.env): boolean {
	const locale = [env['LC_ALL'], env['LC_CTYPE'], env['LANG']].find(value => value !== undefined && value !== '');
	if (locale === undefined) {
		return env['TERM'] !== 'linux';
	}

	return /utf-?8/i.test(locale);
}
