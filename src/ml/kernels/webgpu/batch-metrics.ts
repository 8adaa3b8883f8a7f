// One dispatch per batch for the numbers a training loop reports: the running sums (loss × n, correct predictions)
// come in as a 2-vector and go out with this batch added. tfjs needs about ten small ops for the same (argMax,
// equal, sum, cast, multiply by a scalar uploaded from the host, adds), each its own dispatch.
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { WebGpuInternals } from './backend-internals';

const THREADS = 64;

// Each thread takes every 64th row: the first index of the row's largest probability (argMax's choice) is
// correct when the one-hot label there is set. Thread 0 adds the partial counts once all have written theirs.
// A fresh object per run: tfjs extends a program's shaderKey in place when it runs it.
const program = (): WebGPUProgram => ({
  shaderKey: 'trainyard-batch-metrics',
  variableNames: ['sums', 'probs', 'y', 'cost'],
  outputShape: [2],
  uniforms: 'rows : i32, classes : i32,',
  size: true,
  workgroupSize: [THREADS, 1, 1],
  dispatchLayout: { x: [0] },
  dispatch: [1, 1, 1],
  getUserCode: () => `
var<workgroup> partial: array<f32, ${THREADS}>;
fn main(index: i32) {
  let t = i32(localIndex);
  var count = 0.0;
  for (var row = t; row < uniforms.rows; row += ${THREADS}) {
    let first = row * uniforms.classes;
    var best = 0;
    var bestValue = probs[first];
    for (var k = 1; k < uniforms.classes; k++) {
      let value = probs[first + k];
      if (value > bestValue) {
        best = k;
        bestValue = value;
      }
    }
    if (f32(y[first + best]) > 0.5) {
      count += 1.0;
    }
  }
  partial[t] = count;
  workgroupBarrier();
  if (t == 0) {
    var total = 0.0;
    for (var i = 0; i < ${THREADS}; i++) {
      total += partial[i];
    }
    setOutputAtIndex(0, sums[0] + cost[0] * f32(uniforms.rows));
    setOutputAtIndex(1, sums[1] + total);
  }
}`,
});

/** `sums` [loss × n, correct] with the batch added: `cost` is its mean loss, `probs` [n, classes], `y` one-hot. */
export function addBatchMetrics(backend: WebGpuInternals, sums: tf.TensorInfo, probs: tf.TensorInfo, y: tf.TensorInfo, cost: tf.TensorInfo): tf.TensorInfo {
  const [rows, classes] = probs.shape as [number, number];
  return backend.runWebGPUProgram(program(), [sums, probs, y, cost], 'float32', [{ type: 'int32', data: [rows] }, { type: 'int32', data: [classes] }]);
}
