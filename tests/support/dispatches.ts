// Counts the GPU dispatches the WebGPU backend records while a function runs (tfjs's programs and ours alike:
// both go through the backend's recordAndSubmit).
import * as tf from '@tensorflow/tfjs';

export async function countDispatches(run: () => unknown): Promise<number> {
  const backend = tf.backend() as unknown as { recordAndSubmit: (...args: unknown[]) => unknown };
  const original = backend.recordAndSubmit;
  let dispatches = 0;
  backend.recordAndSubmit = function (this: unknown, ...args: unknown[]) {
    dispatches++;
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    backend.recordAndSubmit = original;
  }
  return dispatches;
}
