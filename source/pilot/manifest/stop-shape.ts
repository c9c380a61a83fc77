import {z} from 'zod';
import {killModes, stopSignals} from '../model/stop-signal.js';

/** The per-process keys saying how a process is stopped (see model/stop-signal.ts). */
export const stopProcessShape = {
	stop_signal: z.enum(stopSignals).optional().describe('Signal that asks the process to stop (default SIGTERM); SIGKILL follows after timeout. Postgres wants SIGINT, nginx SIGQUIT.'),
	kill_mode: z.enum(killModes).optional().describe('group (default): the stop signal goes to the whole process group; mixed: to the main process only, the SIGKILL after timeout to the whole group (systemd\'s KillMode=mixed).'),
};
