import {deferred} from '../model/deferred.js';

/** A one-shot answer to "did it become ready?", which dependents and `start()` wait on. */
export type ReadyAnswer = {
	readonly promise: Promise<boolean>;
	readonly resolve: (isReady: boolean) => void;
	readonly isSettled: boolean;
};

export function createReadyAnswer(): ReadyAnswer {
	const {promise, resolve} = deferred<boolean>();
	let isSettled = false;
	return {
		promise,
		resolve(isReady) {
			isSettled = true;
			resolve(isReady);
		},
		get isSettled() {
			return isSettled;
		},
	};
}
