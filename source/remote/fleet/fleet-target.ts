import path from 'node:path';

/** One pilot of a fleet: reached over ssh, or on this machine through its control socket. */
export type FleetTarget =
	| {readonly kind: 'ssh'; readonly label: string; readonly destination: string; readonly port?: number; readonly selector?: string}
	| {readonly kind: 'local'; readonly label: string; readonly selector?: string};

/** A target as the user wrote it, before labels are chosen. */
type ParsedTarget = {readonly text: string; readonly host: string; readonly user?: string; readonly port?: number; readonly selector?: string};

const namePattern = /^[\w.-]+$/;

/**
Read `[user@]host[:port][#selector]` (an ssh config alias is a host; `[::1]:2222` for IPv6), or
`local[#selector]` for a pilot on this machine. The selector is a socket or manifest path there.
*/
export function parseTarget(text: string): ParsedTarget {
	const hash = text.indexOf('#');
	const address = hash === -1 ? text : text.slice(0, hash);
	const selector = hash === -1 ? undefined : text.slice(hash + 1);
	const match = /^(?:([^@]+)@)?(\[[\da-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(address);
	// The host group is not optional: whenever the pattern matched, it holds text.
	const [, user, host = '', port] = match ?? [];
	const problem = address.startsWith('-') ? 'a host may not start with "-"'
		: !match ? 'expected [user@]host[:port][#socket-or-manifest]'
			: user !== undefined && !namePattern.test(user) ? `user '${user}' has characters ssh does not take`
				: !host.startsWith('[') && !namePattern.test(host) ? `host '${host}' has characters ssh does not take`
					: port !== undefined && (Number(port) < 1 || Number(port) > 65_535) ? `port ${port} is not 1-65535`
						: selector === '' ? 'nothing after "#" (give a socket or manifest path)'
							: undefined;
	if (problem || !match) {
		throw new Error(`Bad target '${text}': ${problem}`);
	}

	return {text, user, host, port: port === undefined ? undefined : Number(port), selector};
}

function destinationOf(target: ParsedTarget): string {
	const host = target.host.replace(/^\[(.*)\]$/, '$1');
	return target.user ? `${target.user}@${host}` : host;
}

function selectorName(selector: string): string {
	return path.basename(selector).replace(/\.(sock|ya?ml|json)$/i, '');
}

/**
The targets with their labels: the given label, else the host; targets sharing a host are told
apart by user and port, then by the selector's file name. The same target twice is an error.
*/
export function resolveTargets(entries: ReadonlyArray<{readonly target: string; readonly label?: string}>): FleetTarget[] {
	const parsed = entries.map(entry => ({entry, target: parseTarget(entry.target)}));
	const firstLabels = parsed.map(({entry, target}) => entry.label ?? target.host);
	const labelled = parsed.map(({entry, target}) => {
		const firstLabel = entry.label ?? target.host;
		if (entry.label !== undefined || firstLabels.filter(label => label === firstLabel).length === 1) {
			return {entry, target, label: firstLabel};
		}

		const port = target.port === undefined ? '' : `:${target.port}`;
		const user = target.user === undefined ? '' : `${target.user}@`;
		const sameAddress = parsed.filter(other => other.target.host === target.host && other.target.user === target.user && other.target.port === target.port).length > 1;
		const label = sameAddress && target.selector ? `${target.host}#${selectorName(target.selector)}` : `${user}${target.host}${port}`;
		return {entry, target, label};
	});
	for (const item of labelled) {
		const {entry, label} = item;
		if (label.includes('/') || label.trim() === '') {
			throw new Error(`Bad label '${label}' for target '${entry.target}': a label is a non-empty name without "/"`);
		}

		const first = labelled.find(other => other.label === label);
		if (first !== undefined && first !== item) {
			throw new Error(`Targets '${first.entry.target}' and '${entry.target}' would share the label '${label}'; give one a label in the fleet file or a #selector`);
		}
	}

	return labelled.map(({target, label}) => target.host === 'local' && target.user === undefined && target.port === undefined
		? {kind: 'local', label, selector: target.selector}
		: {kind: 'ssh', label, destination: destinationOf(target), port: target.port, selector: target.selector});

}
