// tfjs-layers' categorical cross-entropy on probabilities, averaged over the batch, as one WebGPU dispatch forward
// and one backward. tfjs runs it as about 8 ops forward and 20 backward (the gradients of sum, mean and
// clipByValue each upload tensors of ones or scalars from the host). Same formula: each row is rescaled to sum to
// 1, clipped to [ε, 1 − ε], and −Σ y·log taken; the gradient is that of the same chain, clip mask included.
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { WebGpuInternals } from './backend-internals';

const THREADS = 64;

// Thread t sums rows t, t + 64, …; thread 0 adds the 64 partial sums in a fixed order.
const lossProgram = (): WebGPUProgram => ({
  shaderKey: 'trainyard-cross-entropy',
  variableNames: ['probs', 'y'],
  outputShape: [1],
  uniforms: 'rows : i32, classes : i32, minVal : f32, maxVal : f32,',
  size: true,
  workgroupSize: [THREADS, 1, 1],
  dispatchLayout: { x: [0] },
  dispatch: [1, 1, 1],
  getUserCode: () => `
var<workgroup> partial: array<f32, ${THREADS}>;
fn main(index: i32) {
  let t = i32(localIndex);
  var total = 0.0;
  for (var row = t; row < uniforms.rows; row += ${THREADS}) {
    let first = row * uniforms.classes;
    var rowSum = 0.0;
    for (var k = 0; k < uniforms.classes; k++) { rowSum += probs[first + k]; }
    var term = 0.0;
    for (var k = 0; k < uniforms.classes; k++) {
      let q = clamp(probs[first + k] / rowSum, uniforms.minVal, uniforms.maxVal);
      term += f32(y[first + k]) * log(q);
    }
    total -= term;
  }
  partial[t] = total;
  workgroupBarrier();
  if (t == 0) {
    var sum = 0.0;
    for (var i = 0; i < ${THREADS}; i++) { sum += partial[i]; }
    setOutputAtIndex(0, sum / f32(uniforms.rows));
  }
}`,
});

// One thread per row. With q = p / s (s the row sum) and r = 1/q where ε ≤ q ≤ 1 − ε (else 0):
// ∂L/∂p_j = −(dy / n) · (y_j·r_j / s − Σ_k y_k·r_k·p_k / s²).
const gradientProgram = (rows: number, classes: number): WebGPUProgram => ({
  shaderKey: 'trainyard-cross-entropy-grad',
  variableNames: ['probs', 'y', 'dy'],
  outputShape: [rows, classes],
  uniforms: 'rows : i32, classes : i32, minVal : f32, maxVal : f32,',
  size: true,
  workgroupSize: [THREADS, 1, 1],
  dispatchLayout: { x: [0, 1] },
  dispatch: [Math.ceil(rows / THREADS), 1, 1],
  getUserCode: () => `
fn main(index: i32) {
  let row = index;
  if (row >= uniforms.rows) { return; }
  let first = row * uniforms.classes;
  var s = 0.0;
  for (var k = 0; k < uniforms.classes; k++) { s += probs[first + k]; }
  var cross = 0.0;
  for (var k = 0; k < uniforms.classes; k++) {
    let q = probs[first + k] / s;
    let r = select(0.0, 1.0 / q, q >= uniforms.minVal && q <= uniforms.maxVal);
    cross += f32(y[first + k]) * r * probs[first + k];
  }
  let scale = -dy[0] / f32(uniforms.rows);
  for (var k = 0; k < uniforms.classes; k++) {
    let q = probs[first + k] / s;
    let r = select(0.0, 1.0 / q, q >= uniforms.minVal && q <= uniforms.maxVal);
    setOutputAtIndex(first + k, scale * (f32(y[first + k]) * r / s - cross / (s * s)));
  }
}`,
});

const uniforms = (probs: tf.TensorInfo, epsilon: number) => [
  { type: 'int32', data: [probs.shape[0] as number] }, { type: 'int32', data: [probs.shape[1] as number] },
  // The clip bounds as tfjs-layers passes them: ε and 1 − ε computed in double, then made float32.
  { type: 'float32', data: [epsilon] }, { type: 'float32', data: [1 - epsilon] },
];

/** Mean categorical cross-entropy of `probs` [n, classes] against one-hot `y`, as a [1] tensor. */
export function crossEntropyMean(backend: WebGpuInternals, probs: tf.TensorInfo, y: tf.TensorInfo, epsilon: number): tf.TensorInfo {
  return backend.runWebGPUProgram(lossProgram(), [probs, y], 'float32', uniforms(probs, epsilon));
}

/** The gradient of `crossEntropyMean` with respect to `probs`, times the scalar `dy`. */
export function crossEntropyMeanGradient(backend: WebGpuInternals, probs: tf.TensorInfo, y: tf.TensorInfo, dy: tf.TensorInfo, epsilon: number): tf.TensorInfo {
  const [rows, classes] = probs.shape as [number, number];
  return backend.runWebGPUProgram(gradientProgram(rows, classes), [probs, y, dy], 'float32', uniforms(probs, epsilon));
}
