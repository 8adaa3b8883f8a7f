// Host time per step = wall time minus the time the loop spent waiting for the device. Every wait in train() is a
// read (tensor.data()), so timing the backend's read and readSync gives the waits, and the rest is host work:
// JavaScript, tfjs bookkeeping, Dawn's encoding and submission, uploads.
import * as tf from '@tensorflow/tfjs';

export interface ReadWaitMeter {
  /** Milliseconds during which at least one read was waiting, since the meter started. */
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
  // Reads overlap (the loss and the accuracy are read together): count the time at least one is in flight, once.
  let inFlight = 0;
  let since = 0;
  const begin = () => {
    if (inFlight++ === 0) since = performance.now();
  };
  const end = () => {
    if (--inFlight === 0) waited += performance.now() - since;
    count++;
  };
  backend.read = async function timedRead(this: tf.KernelBackend, dataId: object) {
    begin();
    try {
      return await read.call(this, dataId);
    } finally {
      end();
    }
  };
  backend.readSync = function timedReadSync(this: tf.KernelBackend, dataId: object) {
    begin();
    try {
      return readSync.call(this, dataId);
    } finally {
      end();
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
