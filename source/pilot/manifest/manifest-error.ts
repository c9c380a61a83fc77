/** Where a manifest problem is and what it is. `line` and `column` are 1-based. */
export type ManifestIssue = {
	readonly file: string | null;
	readonly line: number | null;
	readonly column: number | null;
	/** The field, e.g. `processes[2].dependencies[0]`; empty for problems with the whole file. */
	readonly field: string;
	/** The name of the process the field belongs to, when known. */
	readonly process: string | null;
	readonly message: string;
	readonly severity: 'error' | 'warning';
};

/** More issues than this are summarised in the message (all of them stay in `issues`). */
const maxListedIssues = 200;

/** `file:line:col field (process): message`, leaving out the parts that are unknown; `isMixed` marks warnings among errors. */
export function formatManifestIssue(issue: ManifestIssue, options: {isMixed?: boolean} = {}): string {
	let location = issue.file ?? '';
	if (issue.line !== null) {
		location += `${location ? ':' : ''}${issue.line}:${issue.column ?? 1}`;
	}

	const parts = [location, issue.field, issue.process === null ? '' : `(${issue.process})`].filter(Boolean);
	const message = issue.severity === 'warning' && (options.isMixed ?? false) ? `warning: ${issue.message}` : issue.message;
	return parts.length > 0 ? `${parts.join(' ')}: ${message}` : message;
}

/** Every problem found in a manifest, one per line in `message`. */
export class ManifestError extends Error {
	readonly issues: readonly ManifestIssue[];

	constructor(issues: readonly ManifestIssue[], options?: {cause?: unknown}) {
		const isMixed = issues.some(issue => issue.severity === 'warning');
		const lines = issues.slice(0, maxListedIssues).map(issue => formatManifestIssue(issue, {isMixed}));
		if (issues.length > maxListedIssues) {
			lines.push(`... and ${issues.length - maxListedIssues} more problems`);
		}

		super(lines.join('\n') || 'Invalid manifest', options);
		this.name = 'ManifestError';
		this.issues = issues;
	}
}

/** Collects issues while validation goes on, so every problem is reported at once. */
export class IssueSink {
	readonly issues: ManifestIssue[] = [];

	add(issue: ManifestIssue): void {
		this.issues.push(issue);
	}

	get errors(): ManifestIssue[] {
		return this.issues.filter(issue => issue.severity === 'error');
	}

	get warnings(): ManifestIssue[] {
		return this.issues.filter(issue => issue.severity === 'warning');
	}

	get hasErrors(): boolean {
		return this.issues.some(issue => issue.severity === 'error');
	}
}

/** A file-level error: one clear line, no field. */
export function fileError(file: string | null, message: string, position?: {line: number; column: number}): ManifestError {
	return new ManifestError([{file, line: position?.line ?? null, column: position?.column ?? null, field: '', process: null, message, severity: 'error'}]);
}
