/** Every column the process table knows, in display order. */
export type ColumnId = 'glyph' | 'host' | 'name' | 'state' | 'ready' | 'pid' | 'cpu' | 'spark' | 'mem' | 'max' | 'restarts' | 'uptime' | 'exit' | 'info';

export type ColumnSpec = {
	readonly id: ColumnId;
	readonly title: string;
	/** The narrowest the column may get. */
	readonly width: number;
	readonly align: 'left' | 'right';
};

export type Column = {
	readonly id: ColumnId;
	readonly title: string;
	readonly width: number;
	readonly align: 'left' | 'right';
};

type MutableColumn = {-readonly [K in keyof Column]: Column[K]};

export const columnSpecs: readonly ColumnSpec[] = [
	{id: 'glyph', title: '', width: 1, align: 'left'},
	{id: 'host', title: 'HOST', width: 4, align: 'left'},
	{id: 'name', title: 'NAME', width: 10, align: 'left'},
	{id: 'state', title: 'STATE', width: 8, align: 'left'},
	{id: 'ready', title: 'READY', width: 5, align: 'left'},
	{id: 'pid', title: 'PID', width: 7, align: 'right'},
	{id: 'cpu', title: 'CPU%', width: 5, align: 'right'},
	{id: 'spark', title: '', width: 8, align: 'left'},
	{id: 'mem', title: 'MEM', width: 6, align: 'right'},
	{id: 'max', title: 'MAX', width: 6, align: 'right'},
	{id: 'restarts', title: 'RESTARTS', width: 8, align: 'right'},
	{id: 'uptime', title: 'UPTIME', width: 6, align: 'right'},
	{id: 'exit', title: 'EXIT', width: 7, align: 'right'},
	{id: 'info', title: 'INFO', width: 12, align: 'left'},
];

/** Columns give way in this order as the terminal narrows; `glyph`, `name` and `state` never do. */
export const dropOrder: readonly ColumnId[] = ['spark', 'max', 'info', 'exit', 'uptime', 'restarts', 'ready', 'mem', 'cpu', 'pid'];

const minimumNameWidth = 3;

export type ChooseColumnsOptions = {
	/** The width NAME would like (the longest name); extra room goes to NAME up to this, then to INFO. */
	readonly nameWidth?: number;
	/** A fleet view's HOST column, this wide; no HOST column without it. */
	readonly hostWidth?: number;
};

function totalWidth(columns: ReadonlyArray<{width: number}>): number {
	return columns.reduce((sum, column) => sum + column.width, 0) + Math.max(0, columns.length - 1);
}

/**
Which columns fit in `width` terminal columns, and how wide each is. Columns are separated by one
space; the result never exceeds `width` unless even NAME (cut to 3) and STATE do not fit.
*/
export function chooseColumns(width: number, options: ChooseColumnsOptions = {}): Column[] {
	const dropped = new Set<ColumnId>();
	const {hostWidth} = options;
	const specs = hostWidth === undefined ? columnSpecs.filter(spec => spec.id !== 'host') : columnSpecs.map(spec => spec.id === 'host' ? {...spec, width: hostWidth} : spec);
	const kept = (): MutableColumn[] => specs.filter(spec => !dropped.has(spec.id)).map(spec => ({...spec}));
	let columns = kept();
	for (const id of dropOrder) {
		if (totalWidth(columns) <= width) {
			break;
		}

		dropped.add(id);
		columns = kept();
	}

	const name = columns.find(column => column.id === 'name');
	if (!name) {
		throw new Error('Internal error: the NAME column is never dropped');
	}
	let spare = width - totalWidth(columns);
	if (spare < 0) {
		name.width = Math.max(minimumNameWidth, name.width + spare);
		return columns;
	}

	const wantedName = Math.min(32, Math.max(name.width, options.nameWidth ?? 16));
	const info = columns.find(column => column.id === 'info');
	// NAME first grows to a readable width, then INFO to a useful one, then NAME to the longest name.
	const grow = (column: MutableColumn | undefined, upTo: number) => {
		if (column && upTo > column.width) {
			const growth = Math.min(spare, upTo - column.width);
			column.width += growth;
			spare -= growth;
		}
	};

	grow(name, Math.min(wantedName, 20));
	// `completed` is one letter wider than STATE's minimum: given the room, it shows whole.
	grow(columns.find(column => column.id === 'state'), 9);
	grow(info, 32);
	grow(name, wantedName);
	grow(info, Number.POSITIVE_INFINITY);
	return columns;
}
