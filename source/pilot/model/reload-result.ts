/** A changed process and the fields that changed (the reason); one that is not running takes the change at its next start. */
export type RestartEntry = {readonly name: string; readonly changed: readonly string[]; readonly isRunning: boolean};

/** A changed top-level setting: whether the running pilot takes it, and what that means. */
export type SettingChange = {readonly key: string; readonly isApplied: boolean; readonly note: string};

/** What a reload does. Each list is in the order it is carried out. */
export type ReloadPlan = {
	/** New processes, in start order. */
	readonly start: readonly string[];
	/** Processes no longer in the manifest, dependents first. */
	readonly stop: readonly string[];
	/** Processes whose definition changed, in start order (they stop in the reverse order). */
	readonly restart: readonly RestartEntry[];
	readonly unchanged: readonly string[];
	readonly settings: readonly SettingChange[];
};

/** What `reload()` and `scale()` answer. */
export type ReloadResult = {
	readonly plan: ReloadPlan;
	/** The plan one step a line: `+ api`, `- old`, `~ web (args)`, or `no changes`. */
	readonly lines: readonly string[];
	/** False for a dry run. */
	readonly isApplied: boolean;
};
