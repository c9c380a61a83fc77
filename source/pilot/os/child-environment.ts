/** Variables of the pilot's own environment that its children must not see. */
const privateVariables: readonly string[] = ['PILOT_TOKEN'];

/**
The environment a child starts from: the pilot's own, minus its secrets (the control API token).
A manifest's `env` may still set any of them for a process on purpose.
*/
export function childEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(env)) {
		if (value !== undefined && !privateVariables.includes(name)) {
			result[name] = value;
		}
	}

	return result;
}
