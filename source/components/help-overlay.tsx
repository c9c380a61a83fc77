import {Box, Text} from 'ink';
import {memo} from 'react';
import {fit} from './format.js';
import {type AppMode, bindingsFor} from './keymap.js';

export type HelpOverlayProps = {
	readonly mode: AppMode;
	/** Lines available, title included. */
	readonly height: number;
};

/** Every key of the keymap with what it does; replaces the table and logs until `?` again. */
export const HelpOverlay = memo(function HelpOverlay({mode, height}: HelpOverlayProps) {
	const lines = bindingsFor(mode).map(binding => {
		const keys = binding.keys.includes('ctrl+c') ? `${binding.display}/Ctrl-C` : binding.display;
		return `  ${fit(keys, 10)} ${binding.description}`;
	});
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">Keys (? or Esc to close)</Text>
			{lines.slice(0, Math.max(0, height - 1)).map(line => <Text key={line} wrap="truncate-end">{line}</Text>)}
		</Box>
	);
});
