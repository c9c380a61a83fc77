export const shellLauncher: string;
export function withShellLauncher(code: string): string;
