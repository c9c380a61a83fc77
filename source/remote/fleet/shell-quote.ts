const safe = /^[\w@%+=:,./-]+$/;

/**
One argument for the remote shell (ssh joins its arguments with spaces and a shell splits them
again). A leading `~/` stays unquoted so that it still means the remote home.
*/
export function shellQuote(argument: string): string {
	if (argument.startsWith('~/')) {
		return `~/${shellQuote(argument.slice(2))}`;
	}

	return safe.test(argument) ? argument : `'${argument.replaceAll('\'', '\'\\\'\'')}'`;
}
