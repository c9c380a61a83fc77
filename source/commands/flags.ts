/** The flags every command receives, as parsed by meow in `cli.tsx`. */
export type CliFlags = {
	readonly plugins?: string;
	readonly tui: boolean;
	readonly statsInterval?: number;
	readonly strict: boolean;
	readonly control?: string;
	readonly socket?: string;
	readonly json: boolean;
	readonly lines: number;
};
