export const sleep = ms => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** Poll `check` (sync or async) until it returns a truthy value; that value, or throw on timeout or when `failure()` gives a reason. */
export async function waitFor(check, {timeoutMs = 10_000, intervalMs = 5, what = 'condition', failure} = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const reason = failure?.();
		if (reason) {
			throw new Error(reason);
		}

		const value = await check();
		if (value) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}

		await sleep(intervalMs);
	}
}

/** Reject with a clear message when `promise` takes longer than `ms`. */
export function withTimeout(promise, ms, what) {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
