// Optimizer state (iteration count, Adam's moments, momentum accumulators) to bytes and back, so a run resumed
// from a checkpoint continues with the same optimizer it stopped with. tfjs matches accumulators to variables by
// position, and a rebuilt model lists its variables in the same order, so names need not match.
import * as tf from '@tensorflow/tfjs';

/** Specs are `unknown[]` because the database schema keeps them as plain data. */
export interface StoredOptimizer {
  specs: unknown[];
  data: ArrayBuffer;
}

export async function saveOptimizer(optimizer: tf.Optimizer): Promise<StoredOptimizer> {
  const named = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(named);
  // getWeights returns the live accumulators, except the iteration count, which it makes afresh.
  named.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose());
  return { specs, data: data instanceof ArrayBuffer ? data : tf.io.concatenateArrayBuffers([data]) };
}

export async function restoreOptimizer(optimizer: tf.Optimizer, stored: StoredOptimizer): Promise<void> {
  if (stored.specs.length === 0) return;
  const specs = stored.specs as tf.io.WeightsManifestEntry[];
  const decoded = tf.io.decodeWeights(stored.data, specs);
  // setWeights copies each value into a new variable, so the decoded tensors can go afterwards.
  await optimizer.setWeights(specs.map((s) => ({ name: s.name, tensor: decoded[s.name] as tf.Tensor })));
  tf.dispose(Object.values(decoded));
}
