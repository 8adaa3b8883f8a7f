import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradKernels } from '../../../../src/ml/kernels/wasm/grad-kernels';
import { seededRandom } from '../../../../src/core/random';

/** Sums in float64, the reference both backends are held to. */
function exactSum(data: Float32Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c]! += data[r * columns + c]!;
  return out;
}

function tensorOf(shape: number[], seed: number): { data: Float32Array; t: tf.Tensor } {
  const random = seededRandom(seed);
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1);
  return { data, t: tf.tensor(data, shape) };
}

describe('WASM Sum over leading axes', () => {
  beforeAll(async () => {
    registerWasmGradKernels();
    await tf.setBackend('wasm');
  });

  const CASES: { shape: number[]; axis: number[]; keepDims?: boolean }[] = [
    { shape: [64, 28, 28, 32], axis: [0, 1, 2] }, // cnn_model's first bias gradient
    { shape: [3, 33, 31, 17], axis: [2, 0, 1], keepDims: true },
    { shape: [4000, 7], axis: [0] },
    { shape: [9, 17, 300], axis: [-3, -2] },
  ];
  for (const { shape, axis, keepDims } of CASES) {
    it(`sums [${shape}] over axes ${axis}${keepDims ? ' keeping dims' : ''} within float rounding of the exact sum`, async () => {
      const { data, t } = tensorOf(shape, 11);
      const out = t.sum(axis, keepDims);
      const kept = shape.slice(axis.length);
      expect(out.shape).toEqual(keepDims ? [...axis.map(() => 1), ...kept] : kept);
      const got = (await out.data()) as Float32Array;
      const columns = kept.reduce((a, b) => a * b, 1);
      const exact = exactSum(data, data.length / columns, columns);
      const err = got.reduce((m, v, i) => Math.max(m, Math.abs(v - exact[i]!)), 0);
      // float32 accumulation over up to 50,176 rows of values in [-1, 1]
      expect(err).toBeLessThan(2e-3);
      tf.dispose([t, out]);
    });
  }

  it('leaves other reductions to the stock kernel, which agrees with the CPU backend', async () => {
    const { t } = tensorOf([6, 50, 70], 12);
    const wasm = await t.sum([1]).data();
    await tf.setBackend('cpu');
    const onCpu = tf.tensor(await t.data(), t.shape);
    const cpu = await onCpu.sum([1]).data();
    await tf.setBackend('wasm');
    expect(Array.from(wasm).every((v, i) => Math.abs(v - cpu[i]!) < 1e-4)).toBe(true);
    tf.dispose([t, onCpu]);
  });

  it('leaves no tensor behind', () => {
    const { t } = tensorOf([32, 30, 30, 8], 13);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      t.sum([0, 1, 2]);
    });
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });
});
