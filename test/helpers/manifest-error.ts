import {expect} from 'vitest';
import {ManifestError} from '../../source/pilot/manifest/process-manifest.js';

/** The ManifestError `action` throws; fails the test when it throws nothing or something else. */
export function thrown(action: () => unknown): ManifestError {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(ManifestError);
		return error as ManifestError;
	}

	throw new Error('expected a ManifestError');
}
