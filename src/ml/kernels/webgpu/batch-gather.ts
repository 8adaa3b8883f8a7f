// A training batch made on the device from a set kept there as bytes: one dispatch gathers the images the epoch's
// permutation names at a batch offset and unpacks their bytes (4 per i32, little-endian) into [n, h, w, c] floats in
// [0, 1]; another writes the one-hot labels. Nothing is built or uploaded on the host per batch.
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { WebGpuInternals } from './backend-internals';

const WORKGROUP: [number, number, number] = [64, 1, 1];

function flatProgram(shaderKey: string, variableNames: string[], outputShape: number[], uniforms: string, body: string): WebGPUProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    shaderKey, variableNames, outputShape, uniforms, size: true, workgroupSize: WORKGROUP,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP[0]), 1, 1],
    getUserCode: () => `fn main(index: i32) {\n  if (index < uniforms.size) {${body}\n  }\n}`,
  };
}

/**
 * The images `order[start…start+n)` of a byte set as floats in [0, 1]. Divides by 255 at run time (a uniform, not
 * a constant the compiler could turn into a multiply) so the values equal tfjs's `toFloat().div(255)`.
 */
export function gatherImages(
  backend: WebGpuInternals, pixels: tf.TensorInfo, order: tf.TensorInfo, start: number, shape: readonly [number, number, number, number],
): tf.TensorInfo {
  const perImage = shape[1] * shape[2] * shape[3];
  const program = flatProgram('trainyard-gather-images', ['pixels', 'order'], [...shape], 'start : i32, perImage : i32, scale : f32,', `
    let image = order[uniforms.start + index / uniforms.perImage];
    let at = image * uniforms.perImage + index % uniforms.perImage;
    let byte = (u32(pixels[at / 4]) >> (8u * u32(at % 4))) & 255u;
    setOutputAtIndex(index, f32(byte) / uniforms.scale);`);
  const uniforms = [{ type: 'int32', data: [start] }, { type: 'int32', data: [perImage] }, { type: 'float32', data: [255] }];
  return backend.runWebGPUProgram(program, [pixels, order], 'float32', uniforms);
}

/** One-hot float rows for the labels of `order[start…start+n)`. */
export function gatherOneHot(
  backend: WebGpuInternals, labels: tf.TensorInfo, order: tf.TensorInfo, start: number, n: number, classes: number,
): tf.TensorInfo {
  const program = flatProgram('trainyard-gather-one-hot', ['labels', 'order'], [n, classes], 'start : i32, classes : i32,', `
    let label = labels[order[uniforms.start + index / uniforms.classes]];
    setOutputAtIndex(index, select(0.0, 1.0, label == index % uniforms.classes));`);
  const uniforms = [{ type: 'int32', data: [start] }, { type: 'int32', data: [classes] }];
  return backend.runWebGPUProgram(program, [labels, order], 'float32', uniforms);
}
