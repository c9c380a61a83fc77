import chalk from 'chalk';
import {Text} from 'ink';
import {memo} from 'react';
import {colors} from '../terminal/color-mode.js';
import {glyphs} from './glyphs.js';
import {sanitizeLine} from './sanitize.js';

export type MessageLineProps = {
	/** The newest of the pilot's messages and the UI's own notices, or null. */
	readonly message: {readonly level: 'info' | 'warn' | 'error'; readonly text: string; readonly process?: string} | null;
};

const marks = {info: chalk.dim(glyphs.info), warn: colors.yellow(glyphs.warn), error: colors.red(glyphs.error)};

/** The pilot's own messages: warnings, hook errors, failed actions. */
export const MessageLine = memo(function MessageLine({message}: MessageLineProps) {
	if (!message) {
		return <Text> </Text>;
	}

	const prefix = message.process ? `${message.process}: ` : '';
	return <Text wrap="truncate-end">{`${marks[message.level]} ${prefix}${sanitizeLine(message.text)}`}</Text>;
});
