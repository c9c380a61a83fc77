/** string-width with a memory, as the CLI bundle uses it in place of string-width. */
export default function cachedStringWidth(text: string, options?: object): number;
