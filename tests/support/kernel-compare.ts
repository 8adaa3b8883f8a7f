// Running one tfjs kernel on two backends with the same inputs and comparing the outputs, for kernel tests.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { seededRandom } from '../../src/core/random';

/** Reproducible values in [-1, 1) for a tensor of this shape. */
export function values(shape: readonly number[], seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1);
}

/** Runs kernelName on `backend` with float32 inputs made from the given values, and reads its output back. */
export async function runKernelOn(
  backend: string, kernelName: string, inputs: Record<string, { shape: number[]; data: Float32Array }>, attrs: tf.NamedAttrMap,
): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  const tensors: tf.NamedTensorMap = {};
  for (const [name, input] of Object.entries(inputs)) tensors[name] = tf.tensor(input.data, input.shape, 'float32');
  const out = tf.engine().runKernel(kernelName, tensors, attrs) as tf.Tensor;
  const data = (await out.data()) as Float32Array;
  const shape = out.shape;
  tf.dispose([out, ...Object.values(tensors)]);
  return { shape, data };
}

/**
 * Expects every element within `tolerance` of the reference, relative to the reference's largest magnitude (a
 * gradient is a sum of many products; an element near zero carries the absolute error of the large ones).
 */
export function expectCloseRelativeToMax(actual: Float32Array, reference: Float32Array, tolerance: number): void {
  expect(actual.length).toBe(reference.length);
  const scale = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  expect(scale).toBeGreaterThan(0);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < reference.length; i++) {
    const diff = Math.abs((actual[i] as number) - (reference[i] as number));
    if (!(diff <= worst)) [worst, at] = [diff, i];
  }
  expect(worst / scale, `largest difference ${worst} at element ${at} (reference scale ${scale})`).toBeLessThanOrEqual(tolerance);
}

/** The WebGPU programs (class names, from tfjs's profiler and timestamp queries) that `kernelName` ran inside `run`. */
export async function programsRun(kernelName: string, run: () => tf.Tensor): Promise<string> {
  const profile = await tf.profile(async () => {
    const out = run();
    await out.data();
    out.dispose();
  });
  return profile.kernels.filter((k) => k.name === kernelName).map((k) => k.extraInfo).join('; ');
}
