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
	const problem = address.startsWith('-') ? 'a host may not start with "-"'
		: !match ? 'expected [user@]host[:port][#socket-or-manifest]'
			: match[1] !== undefined && !namePattern.test(match[1]) ? `user '${match[1]}' has characters ssh does not take`
				: !match[2].startsWith('[') && !namePattern.test(match[2]) ? `host '${match[2]}' has characters ssh does not take`
					: match[3] !== undefined && (Number(match[3]) < 1 || Number(match[3]) > 65_535) ? `port ${match[3]} is not 1-65535`
						: selector === '' ? 'nothing after "#" (give a socket or manifest path)'
							: undefined;
	if (problem || !match) {
		throw new Error(`Bad target '${text}': ${problem}`);
	}

	return {text, user: match[1], host: match[2], port: match[3] === undefined ? undefined : Number(match[3]), selector};
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
	const labels = parsed.map(({entry, target}, index) => {
		if (entry.label !== undefined || firstLabels.filter(label => label === firstLabels[index]).length === 1) {
			return firstLabels[index];
		}

		const port = target.port === undefined ? '' : `:${target.port}`;
		const user = target.user === undefined ? '' : `${target.user}@`;
		const sameAddress = parsed.filter(other => other.target.host === target.host && other.target.user === target.user && other.target.port === target.port).length > 1;
		return sameAddress && target.selector ? `${target.host}#${selectorName(target.selector)}` : `${user}${target.host}${port}`;
	});
	for (const [index, label] of labels.entries()) {
		if (label.includes('/') || label.trim() === '') {
			throw new Error(`Bad label '${label}' for target '${entries[index].target}': a label is a non-empty name without "/"`);
		}

		const first = labels.indexOf(label);
		if (first !== index) {
			throw new Error(`Targets '${entries[first].target}' and '${entries[index].target}' would share the label '${label}'; give one a label in the fleet file or a #selector`);
		}
	}

	return parsed.map(({target}, index) => target.host === 'local' && target.user === undefined && target.port === undefined
		? {kind: 'local', label: labels[index], selector: target.selector}
		: {kind: 'ssh', label: labels[index], destination: destinationOf(target), port: target.port, selector: target.selector});
}
