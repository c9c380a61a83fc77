/** `expect_status` as a list of codes (a single number or a list in the manifest); undefined when not given. */
export function expectedStatuses(value: unknown): number[] | undefined {
	if (typeof value === 'number') {
		return [value];
	}

	return Array.isArray(value) ? value.filter((code): code is number => typeof code === 'number') : undefined;
}
