// A write that the disk refused, said as what happened and what to do. IndexedDB reports a full disk as a
// QuotaExceededError, or (Chromium, blobs on a full disk) as "Failed to write blobs (IOError)" in an UnknownError.
import type { ErrorLike } from './run-failure';

const DISK_FULL = [/quota/i, /IOError/, /failed to write blobs/i, /no space left/i, /disk (is )?full/i, /not enough (storage|space)/i];

export function isDiskFull(error: ErrorLike): boolean {
  return error.name === 'QuotaExceededError' || DISK_FULL.some((p) => p.test(error.message));
}

/**
 * The message of a checkpoint that could not be written after epoch `epoch` (0-based); the run keeps the one
 * before it. Undefined when the error is not about the disk (it is then passed on as it is).
 */
export function checkpointFailureMessage(error: ErrorLike, epoch: number): string | undefined {
  if (!isDiskFull(error)) return undefined;
  const resume = epoch > 0 ? `it resumes after epoch ${epoch}` : 'it starts again from its first epoch';
  return `The disk is full: the checkpoint of epoch ${epoch + 1} could not be saved (${error.message}). Free space or delete old datasets, then retry the run: ${resume}.`;
}
