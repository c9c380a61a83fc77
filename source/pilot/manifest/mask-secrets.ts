/** Names that look like they hold a secret: `*TOKEN*`, `*SECRET*`, `*PASSWORD*`, `*KEY*`, any case. */
const secretName = /TOKEN|SECRET|PASSWORD|KEY/i;

/** What a masked value is shown as: its length is not given away. */
export const maskedValue = '********';

export function isSecretName(name: string): boolean {
	return secretName.test(name);
}

/** The value to show for a variable: masked when its name looks like a secret (an empty value stays empty). */
export function maskSecret(name: string, value: string): string {
	return value !== '' && isSecretName(name) ? maskedValue : value;
}

/** A copy of an environment with every secret-looking value masked (for `check`, the detail view, the API). */
export function maskSecrets(env: Readonly<Record<string, string>>): Record<string, string> {
	return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, maskSecret(name, value)]));
}

/**
The values of secret-looking variables, to hide wherever else they show up (a `${API_TOKEN}` in args
or params). Values under 4 characters are left out: they would mask ordinary words.
*/
export function secretValues(variables: Iterable<readonly [string, string]>): string[] {
	const found = new Set<string>();
	for (const [name, value] of variables) {
		if (value.length >= 4 && isSecretName(name)) {
			found.add(value);
		}
	}

	// Longest first, so a secret that contains another is masked whole.
	return [...found].sort((a, b) => b.length - a.length);
}

/** `text` with every one of `secrets` replaced by the mask. */
export function hideSecretValues(text: string, secrets: readonly string[]): string {
	let masked = text;
	for (const secret of secrets) {
		masked = masked.replaceAll(secret, maskedValue);
	}

	return masked;
}
