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
