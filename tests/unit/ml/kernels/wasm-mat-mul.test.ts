import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradKernels } from '../../../../src/ml/kernels/wasm/grad-kernels';
import { planMatMul } from '../../../../src/ml/kernels/wasm/mat-mul';
import { seededRandom } from '../../../../src/core/random';

function values(size: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => random() * 2 - 1);
}

/** A·B (each operand stored transposed when asked) on `backend`, with both operands of rank `rank`. */
async function product(backend: string, m: number, k: number, n: number, ta: boolean, tb: boolean, rank = 2): Promise<Float32Array> {
  await tf.setBackend(backend);
  const lead = Array<number>(rank - 2).fill(1);
  const a = tf.tensor(values(m * k, 7), [...lead, ...(ta ? [k, m] : [m, k])]);
  const b = tf.tensor(values(k * n, 8), [...lead, ...(tb ? [n, k] : [k, n])]);
  const out = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, ta, tb);
  expect(out.shape).toEqual([...lead, m, n]);
  const data = (await out.data()) as Float32Array;
  tf.dispose([a, b, out]);
  return data;
}

function relativeDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  const scale = b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0) / scale;
}

describe('WASM MatMul', () => {
  beforeAll(async () => {
    registerWasmGradKernels();
    await tf.setBackend('wasm');
  });

  it('multiplies directly when the right operand is the small one, and swaps when it is the large one', () => {
    expect(planMatMul(64, 1600, 512, false, false)).toBe('swapped'); // a dense layer's forward pass, batch 64
    expect(planMatMul(64, 512, 1600, false, true)).toBe('swapped'); // its input gradient, dy·Wᵀ
    expect(planMatMul(1600, 64, 512, true, false)).toBe('direct'); // its weight gradient, xᵀ·dy
    expect(planMatMul(64, 784, 128, false, false)).toBe('direct');
    expect(planMatMul(1024, 1600, 512, false, false)).toBe('direct');
  });

  // Shapes chosen so that every (transposeA, transposeB) pair runs both plans, with odd sizes and a batch of 1.
  const SHAPES: [number, number, number][] = [[3, 5, 7], [1, 9, 4], [65, 33, 17], [5, 70, 300], [300, 70, 5], [37, 600, 450]];
  for (const [m, k, n] of SHAPES) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`agrees with the CPU backend for [${m}×${k}]·[${k}×${n}], transposeA ${ta}, transposeB ${tb} (${planMatMul(m, k, n, ta, tb)})`, async () => {
          const cpu = await product('cpu', m, k, n, ta, tb);
          expect(relativeDiff(await product('wasm', m, k, n, ta, tb), cpu)).toBeLessThan(1e-5);
        });
      }
    }
  }

  it('keeps leading batch dimensions of 1 and agrees with the CPU backend', async () => {
    const cpu = await product('cpu', 40, 300, 200, false, true, 3);
    expect(relativeDiff(await product('wasm', 40, 300, 200, false, true, 3), cpu)).toBeLessThan(1e-5);
  });

  it('hands batched products to the stock kernel, which agrees with the CPU backend', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const a = tf.tensor3d(values(2 * 7 * 5, 4), [2, 7, 5]);
      const b = tf.tensor3d(values(2 * 7 * 3, 5), [2, 7, 3]);
      const out = tf.matMul(a, b, true, false);
      const data = (await out.data()) as Float32Array;
      tf.dispose([a, b, out]);
      return data;
    };
    const cpu = await run('cpu');
    expect(relativeDiff(await run('wasm'), cpu)).toBeLessThan(1e-5);
  });

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    await product('wasm', 37, 600, 450, true, true);
    await product('wasm', 64, 512, 1600, false, true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
