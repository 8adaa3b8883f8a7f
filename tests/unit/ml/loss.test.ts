import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanCrossEntropy } from '../../../src/ml/loss';
import { countDispatches } from '../../support/dispatches';
import { useWebGpu } from '../../support/webgpu-node';

const unavailable = await useWebGpu();

/** Probabilities with the awkward cases: rows not summing to 1, a zero and a one (both clipped), ties. */
const PROBS = [
  [0.7, 0.2, 0.1, 0],
  [0, 0, 1, 0],
  [0.25, 0.25, 0.25, 0.25],
  [0.3, 0.1, 0.5, 0.4],
  [1e-9, 0.5, 0.2, 0.3],
];
const LABELS = [0, 2, 3, 1, 0];

async function lossAndGradient(fused: boolean, dtype: 'int32' | 'float32'): Promise<{ loss: number; grad: number[] }> {
  const y = tf.oneHot(tf.tensor1d(LABELS, 'int32'), 4).cast(dtype) as tf.Tensor2D;
  const probs = tf.tensor2d(PROBS);
  // Scaled, so the incoming gradient is not 1.
  const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => meanCrossEntropy(y, p as tf.Tensor2D, fused).mul(3))(probs);
  const out = { loss: (await value.data())[0] as number, grad: Array.from(await grad.data()) };
  tf.dispose([y, probs, value, grad]);
  return out;
}

describe.skipIf(unavailable)('the cross-entropy as one kernel each way (WebGPU)', () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });

  for (const dtype of ['float32', 'int32'] as const) {
    it(`equals tfjs-layers' loss and gradient, clipped entries included (${dtype} labels)`, async () => {
      const [fused, tfjs] = [await lossAndGradient(true, dtype), await lossAndGradient(false, dtype)];
      expect(fused.loss).toBeCloseTo(tfjs.loss, 5);
      expect(fused.grad).toHaveLength(20);
      fused.grad.forEach((g, i) => expect(g).toBeCloseTo(tfjs.grad[i]!, 4));
      // A row whose labelled entry is clipped (the certain [0, 0, 1, 0]) gets no gradient at all, in both.
      expect(fused.grad.slice(4, 8).map(Math.abs)).toEqual([0, 0, 0, 0]);
      expect(tfjs.grad.slice(4, 8).map(Math.abs)).toEqual([0, 0, 0, 0]);
    });
  }

  it('runs as two dispatches, where tfjs needs dozens', async () => {
    const fused = await countDispatches(() => lossAndGradient(true, 'float32'));
    const tfjs = await countDispatches(() => lossAndGradient(false, 'float32'));
    expect(tfjs - fused).toBeGreaterThan(15);
  });
});
