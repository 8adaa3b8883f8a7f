import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradKernels } from '../../../../src/ml/kernels/wasm/grad-kernels';
import { mergeTransposeAxes } from '../../../../src/ml/kernels/wasm/transpose';

describe('WASM Transpose', () => {
  beforeAll(async () => {
    registerWasmGradKernels();
    await tf.setBackend('wasm');
  });

  it('merges axes that stay neighbours and drops axes of size 1', () => {
    // [n, h, w, c] → [c, h, w, n]: h and w travel together.
    expect(mergeTransposeAxes([64, 28, 28, 32], [3, 1, 2, 0])).toEqual({ shape: [64, 784, 32], perm: [2, 1, 0] });
    // [n, h, w, c] → [h, w, n, c]
    expect(mergeTransposeAxes([64, 26, 26, 32], [1, 2, 0, 3])).toEqual({ shape: [64, 676, 32], perm: [1, 0, 2] });
    expect(mergeTransposeAxes([3, 3, 32, 64], [0, 1, 3, 2])).toEqual({ shape: [9, 32, 64], perm: [0, 2, 1] });
    expect(mergeTransposeAxes([5, 1, 7], [2, 1, 0])).toEqual({ shape: [5, 7], perm: [1, 0] });
    expect(mergeTransposeAxes([1, 6, 1], [2, 0, 1])).toEqual({ shape: [6], perm: [0] });
    expect(mergeTransposeAxes([4, 5], [1, 0])).toEqual({ shape: [4, 5], perm: [1, 0] });
  });

  const CASES: { shape: number[]; perm: number[]; dtype?: 'float32' | 'int32' }[] = [
    { shape: [4, 5, 6, 3], perm: [3, 1, 2, 0] },
    { shape: [4, 5, 6, 3], perm: [1, 2, 0, 3] },
    { shape: [2, 3, 4, 5, 6], perm: [4, 0, 1, 3, 2] },
    { shape: [3, 1, 5, 1, 2], perm: [4, 3, 0, 1, 2] },
    { shape: [1, 7, 1], perm: [2, 0, 1] },
    { shape: [3, 4, 5, 2], perm: [2, 3, 0, 1], dtype: 'int32' },
    { shape: [6, 7], perm: [1, 0] },
  ];
  for (const { shape, perm, dtype = 'float32' } of CASES) {
    it(`moves every element where the CPU backend does: [${shape}] by [${perm}] (${dtype})`, async () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: size }, (_, i) => i * 3 - 7);
      const on = async (backend: string) => {
        await tf.setBackend(backend);
        const x = tf.tensor(values, shape, dtype);
        const out = tf.transpose(x, perm);
        const result = { shape: out.shape, data: Array.from(await out.data()) };
        tf.dispose([x, out]);
        return result;
      };
      const cpu = await on('cpu');
      expect(await on('wasm')).toEqual(cpu);
    });
  }

  it('leaves no tensor behind', () => {
    const x = tf.ones([8, 9, 10, 3]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.transpose(x, [3, 1, 2, 0]);
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
