// How a stopped run is classified: only the person's cancel is a cancel; a lost device and exhausted memory are
// failures that recreate the worker; divergence is a failure that needs no new worker.
import { describe, expect, it } from 'vitest';
import { classifyRunFailure, DEVICE_LOST_ERROR, DIVERGED_ERROR, errorLike } from '../../../src/core/run-failure';

const abort = (message: string) => ({ name: 'AbortError', message });

describe('classifyRunFailure', () => {
  it('takes the loop\'s AbortError for a cancel only when the person asked to cancel, and keeps the worker', () => {
    expect(classifyRunFailure(abort('Training was cancelled'), true)).toEqual({ kind: 'cancelled', status: 'cancelled', restartWorker: false });
  });

  it('takes an AbortError nobody asked for as a failure with its reason, and recreates the worker', () => {
    const failure = classifyRunFailure(abort('Training was cancelled'), false);
    expect(failure.status).toBe('failed');
    expect(failure.kind).toBe('exception');
    expect(failure.message).toBe('Training was cancelled');
    expect(failure.restartWorker).toBe(true);
  });

  it('reads a device lost inside mapAsync (an AbortError) as a lost device, not a cancel', () => {
    const failure = classifyRunFailure(abort('A valid external Instance reference no longer exists.'), false);
    expect(failure).toMatchObject({ kind: 'device-lost', status: 'failed', restartWorker: true });
    expect(failure.message).toContain('The GPU device was lost (A valid external Instance reference no longer exists.)');
    expect(failure.message).toContain('retry the run');
  });

  it('reads the worker\'s GPUDeviceLostError as a lost device whatever its message', () => {
    const failure = classifyRunFailure({ name: DEVICE_LOST_ERROR, message: 'reason: unknown' }, false);
    expect(failure).toMatchObject({ kind: 'device-lost', status: 'failed', restartWorker: true });
    expect(failure.message).toMatch(/^The GPU device was lost \(reason: unknown\)\. The training worker was restarted with a new device/);
  });

  it.each([
    ['OperationError', 'Failed to execute \'mapAsync\' on \'GPUBuffer\': Device is lost'],
    ['Error', 'The GPU device was destroyed'],
    ['Error', 'GPUDevice lost: Device was destroyed.'],
    ['OperationError', 'createBuffer failed, size (32768) is too large for the implementation when mappedAtCreation == true'],
  ])('reads %s "%s" as a lost device', (name, message) => {
    expect(classifyRunFailure({ name, message }, false).kind).toBe('device-lost');
  });

  it.each([
    'The training worker stopped: out of memory',
    'RangeError: Array buffer allocation failed',
    'Aborted(Cannot enlarge memory arrays to size 2147483648 bytes (OOM))',
    'WebAssembly.Memory.grow(): Maximum memory size exceeded',
    'Failed to allocate a GPU buffer',
  ])('reads "%s" as out of memory, with what to try', (message) => {
    const failure = classifyRunFailure({ name: 'Error', message }, false);
    expect(failure).toMatchObject({ kind: 'out-of-memory', status: 'failed', restartWorker: true });
    expect(failure.message).toContain(message);
    expect(failure.message).toContain('smaller batch size');
  });

  it('keeps the person\'s cancel a cancel when the device was lost at the same time, but still recreates the worker', () => {
    expect(classifyRunFailure(abort('Device is lost'), true)).toEqual({ kind: 'cancelled', status: 'cancelled', restartWorker: true });
  });

  it('passes divergence on as a failure with its own message and keeps the worker', () => {
    const message = 'diverged at epoch 2, batch 30: loss is NaN; try a lower learning rate';
    expect(classifyRunFailure({ name: DIVERGED_ERROR, message }, false)).toEqual({ kind: 'diverged', status: 'failed', message, restartWorker: false });
  });

  it('reports any other exception as it was thrown, and recreates the worker', () => {
    expect(classifyRunFailure({ name: 'TypeError', message: 'x is undefined' }, false)).toEqual({ kind: 'exception', status: 'failed', message: 'x is undefined', restartWorker: true });
  });

  it('reads name and message from errors, plain objects and anything else', () => {
    expect(errorLike(new DOMException('gone', 'AbortError'))).toEqual({ name: 'AbortError', message: 'gone' });
    expect(errorLike({ name: 'OperationError', message: 'Device is lost' })).toEqual({ name: 'OperationError', message: 'Device is lost' });
    expect(errorLike('boom')).toEqual({ message: 'boom' });
  });
});
