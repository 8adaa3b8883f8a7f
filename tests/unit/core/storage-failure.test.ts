// A checkpoint the disk refused, in words: what happened and what to do.
import { describe, expect, it } from 'vitest';
import { checkpointFailureMessage, isDiskFull } from '../../../src/core/storage-failure';

describe('checkpointFailureMessage', () => {
  it('reads Chromium\'s blob IOError and a QuotaExceededError as a full disk', () => {
    expect(isDiskFull({ name: 'UnknownError', message: 'Failed to write blobs (IOError)' })).toBe(true);
    expect(isDiskFull({ name: 'QuotaExceededError', message: 'The operation failed' })).toBe(true);
    expect(isDiskFull({ name: 'TypeError', message: 'x is undefined' })).toBe(false);
  });

  it('names the epoch whose checkpoint was lost and where a retry resumes', () => {
    expect(checkpointFailureMessage({ name: 'QuotaExceededError', message: 'Quota exceeded.' }, 2)).toBe(
      'The disk is full: the checkpoint of epoch 3 could not be saved (Quota exceeded.). Free space or delete old datasets, then retry the run: it resumes after epoch 2.',
    );
    expect(checkpointFailureMessage({ name: 'QuotaExceededError', message: 'Quota exceeded.' }, 0)).toContain('it starts again from its first epoch');
  });

  it('leaves other errors to be reported as they are', () => {
    expect(checkpointFailureMessage({ name: 'TypeError', message: 'x is undefined' }, 1)).toBeUndefined();
  });
});
