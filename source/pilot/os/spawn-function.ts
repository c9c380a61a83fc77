import type {ChildProcess, SpawnOptions} from 'node:child_process';

/** `child_process.spawn`, or a test's stand-in for it. */
export type SpawnFunction = (file: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
