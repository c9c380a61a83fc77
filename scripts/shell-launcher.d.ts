/** The flags the launcher runs node with. */
export const nodeFlags: readonly string[];
export const shellLauncher: string;
export function withShellLauncher(code: string): string;
