// Small backward-pass pieces as one WebGPU dispatch each, where tfjs 4.22 spends two to four: a relu's gradient
// mask (tfjs: step, then multiply), a bias gradient over a short batch (tfjs: transpose, then reduce) and a
// softmax's gradient (tfjs: multiply, sum, multiply, subtract). Each computes what tfjs's ops compute, in float32.
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { WebGpuInternals } from './backend-internals';

const THREADS = 64;

function program(shaderKey: string, variableNames: string[], outputShape: number[], threads: number, uniforms: string, body: string): WebGPUProgram {
  return {
    shaderKey, variableNames, outputShape, uniforms, size: true, workgroupSize: [THREADS, 1, 1],
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(threads / THREADS), 1, 1],
    getUserCode: () => `fn main(index: i32) {\n${body}\n}`,
  };
}

/** dy where the relu's output y is positive, else 0: tfjs's mul(dy, step(y)). */
export function reluBackward(backend: WebGpuInternals, dy: tf.TensorInfo, y: tf.TensorInfo): tf.TensorInfo {
  const size = dy.shape.reduce((a, b) => a * b, 1);
  return backend.runWebGPUProgram(program('trainyard-relu-backward', ['dy', 'y'], [...dy.shape], size, '', `
  if (index < uniforms.size) {
    setOutputAtIndex(index, dy[index] * select(0.0, 1.0, y[index] > 0.0));
  }`), [dy, y], 'float32');
}

/** Rows up to which one thread per column sums faster than tfjs's transpose-and-reduce. */
export const COLUMN_SUM_MAX_ROWS = 4096;

/** Σ over rows of `d` viewed as [rows, columns]: a bias gradient. */
export function columnSum(backend: WebGpuInternals, d: tf.TensorInfo, columns: number): tf.TensorInfo {
  const rows = d.shape.reduce((a, b) => a * b, 1) / columns;
  return backend.runWebGPUProgram(program('trainyard-column-sum', ['d'], [columns], columns, 'rows : i32,', `
  if (index < uniforms.size) {
    var total = 0.0;
    for (var row = 0; row < uniforms.rows; row++) {
      total += d[row * uniforms.size + index];
    }
    setOutputAtIndex(index, total);
  }`), [d], 'float32', [{ type: 'int32', data: [rows] }]);
}

/** The softmax's input gradient from its output y [rows, classes]: dy·y − Σ(dy·y)·y per row. */
export function softmaxBackward(backend: WebGpuInternals, dy: tf.TensorInfo, y: tf.TensorInfo): tf.TensorInfo {
  const [rows, classes] = y.shape as [number, number];
  return backend.runWebGPUProgram(program('trainyard-softmax-backward', ['dy', 'y'], [rows, classes], rows, 'rows : i32, classes : i32,', `
  if (index < uniforms.rows) {
    let first = index * uniforms.classes;
    var total = 0.0;
    for (var k = 0; k < uniforms.classes; k++) {
      total += dy[first + k] * y[first + k];
    }
    for (var k = 0; k < uniforms.classes; k++) {
      setOutputAtIndex(first + k, dy[first + k] * y[first + k] - total * y[first + k]);
    }
  }`), [dy, y], 'float32', [{ type: 'int32', data: [rows] }, { type: 'int32', data: [classes] }]);
}
