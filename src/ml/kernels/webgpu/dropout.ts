// Dropout with its random numbers drawn on the GPU. tfjs's dropout draws one uniform number per element on the host
// (a JavaScript generator), uploads them and runs four ops (add, floor, div, mul); for cnn_model at batch 256 that
// is about two million numbers and 8 MB per step. Here a counter-based hash of (seed, element index) gives the same
// kind of uniform number in the kernel, tfjs's formula x · floor(u + keep) / keep turns it into the kept-and-scaled
// value, and the backward pass recomputes the identical mask from the same seed instead of storing it.
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { WebGpuInternals } from './backend-internals';

const THREADS = 64;

// PCG-RXS-M-XS (O'Neill), a well-mixed 32-bit hash; 24 bits of it make a float in [0, 1).
const uniformSnippet = `
fn pcgHash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
fn uniformAt(i: i32) -> f32 {
  let h = pcgHash(pcgHash(u32(i)) ^ u32(uniforms.seed));
  return f32(h >> 8u) / 16777216.0;
}`;

function program(shaderKey: string, shape: number[]): WebGPUProgram {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    shaderKey, variableNames: ['x'], outputShape: shape, uniforms: 'seed : i32, keep : f32,', size: true,
    workgroupSize: [THREADS, 1, 1], dispatchLayout: { x: shape.map((_, i) => i) }, dispatch: [Math.ceil(size / THREADS), 1, 1],
    getUserCode: () => `${uniformSnippet}
fn main(index: i32) {
  if (index < uniforms.size) {
    setOutputAtIndex(index, x[index] * (floor(uniformAt(index) + uniforms.keep) / uniforms.keep));
  }
}`,
  };
}

/**
 * `x` with each element kept (and scaled by 1 / keep) or zeroed by the random number that `seed` and its index
 * give. Run on the gradient with the same seed, it is dropout's backward pass.
 */
export function dropoutWithSeed(backend: WebGpuInternals, x: tf.TensorInfo, keep: number, seed: number): tf.TensorInfo {
  const uniforms = [{ type: 'int32', data: [seed | 0] }, { type: 'float32', data: [keep] }];
  return backend.runWebGPUProgram(program('trainyard-dropout', [...x.shape]), [x], 'float32', uniforms);
}
