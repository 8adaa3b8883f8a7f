// Host time per step = wall time minus the time the loop spent waiting for the device. Every wait in train() is a
// read (tensor.data()), so timing the backend's read and readSync gives the waits, and the rest is host work:
// JavaScript, tfjs bookkeeping, Dawn's encoding and submission, uploads.
import * as tf from '@tensorflow/tfjs';

export interface ReadWaitMeter {
  /** Milliseconds spent inside reads since the meter started. */
  waitedMs(): number;
  reads(): number;
  stop(): void;
}

/** Wraps the current backend's read and readSync (this instance only) until stop(). */
export function meterReads(backend: tf.KernelBackend = tf.backend()): ReadWaitMeter {
  const read = backend.read;
  const readSync = backend.readSync;
  let waited = 0;
  let count = 0;
  backend.read = async function timedRead(this: tf.KernelBackend, dataId: object) {
    const t = performance.now();
    try {
      return await read.call(this, dataId);
    } finally {
      waited += performance.now() - t;
      count++;
    }
  };
  backend.readSync = function timedReadSync(this: tf.KernelBackend, dataId: object) {
    const t = performance.now();
    try {
      return readSync.call(this, dataId);
    } finally {
      waited += performance.now() - t;
      count++;
    }
  };
  return {
    waitedMs: () => waited,
    reads: () => count,
    stop: () => {
      backend.read = read;
      backend.readSync = readSync;
    },
  };
}
