import {dirname} from 'node:path';
import {Plugin} from '../plugin.js';
import type {HealthCheck, HealthCheckContext} from '../../model/health.js';
import type {Process} from '../../model/process-model.js';
import {probeExec} from '../probes/exec-probe.js';
import {probeHttp} from '../probes/http-probe.js';
import {expectedStatuses} from '../probes/probe-params.js';
import {probeTcp} from '../probes/tcp-probe.js';

/** `http`: a GET of `params.url` answers 2xx or 3xx (or one of `expect_status`). */
export async function httpHealthCheck(_process: Process, {params, timeoutSec, signal}: HealthCheckContext) {
	return probeHttp({url: String(params['url']), expectStatus: expectedStatuses(params['expect_status']), timeoutMs: timeoutSec * 1000, signal});
}

/** `tcp`: a connect to `params.host` (default localhost) and `params.port` succeeds. */
export async function tcpHealthCheck(_process: Process, {params, timeoutSec}: HealthCheckContext) {
	const host = typeof params['host'] === 'string' ? params['host'] : 'localhost';
	return probeTcp(host, Number(params['port']), timeoutSec * 1000);
}

/** `exec`: `params.command` (a list, or a string run by `/bin/sh -c`) exits 0 within `timeout_sec`; killed with its group otherwise. */
export async function execHealthCheck(process: Process, {params, timeoutSec, signal}: HealthCheckContext) {
	return probeExec({
		command: params['command'] as string | string[],
		timeoutMs: timeoutSec * 1000,
		cwd: process.working_directory ?? dirname(process.path),
		env: {...globalThis.process.env, ...process.env},
		signal,
	});
}

/** Provides the `http`, `tcp` and `exec` health check kinds. */
export class BuiltInHealthChecksPlugin extends Plugin {
	override getHealthChecks(): Record<string, HealthCheck> {
		return {http: httpHealthCheck, tcp: tcpHealthCheck, exec: execHealthCheck};
	}
}
