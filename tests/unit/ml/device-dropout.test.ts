import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropoutOnDevice } from '../../../src/ml/device-dropout';
import { useWebGpu } from '../../support/webgpu-node';

const unavailable = await useWebGpu();

function layer(rate: number): tf.layers.Layer {
  const dropout = tf.layers.dropout({ rate });
  dropoutOnDevice(dropout, rate);
  return dropout;
}

describe.skipIf(unavailable)('dropout with its mask drawn on the GPU', () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });

  it('keeps about 1 − rate of the elements, scaled by 1 / (1 − rate), and zeroes the rest', async () => {
    const dropout = layer(0.25);
    const x = tf.randomUniform([64, 13, 13, 4], 1, 2);
    const y = dropout.apply(x, { training: true }) as tf.Tensor;
    const [xs, ys] = [await x.data(), await y.data()];
    let kept = 0;
    ys.forEach((v, i) => {
      if (v === 0) return;
      kept++;
      expect(v).toBeCloseTo((xs[i] as number) / 0.75, 5);
    });
    expect(kept / ys.length).toBeGreaterThan(0.74);
    expect(kept / ys.length).toBeLessThan(0.76);
    tf.dispose([x, y]);
  });

  it('draws a new mask on every call, and its gradient passes exactly the kept elements', async () => {
    const dropout = layer(0.5);
    const v = tf.variable(tf.ones([1000]), true, 'device-dropout-test');
    const masks: Float32Array[] = [];
    for (let call = 0; call < 2; call++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(dropout.apply(v, { training: true }) as tf.Tensor) as tf.Scalar, [v]);
      masks.push((await grads[v.name]!.data()) as Float32Array);
      tf.dispose([value, grads[v.name]!]);
    }
    // Gradient of Σ dropout(v) is the kept-and-scaled mask: 2 where kept, 0 where dropped.
    for (const mask of masks) expect(new Set(mask)).toEqual(new Set([0, 2]));
    expect(masks[0]).not.toEqual(masks[1]);
    v.dispose();
  });

  it('passes its input through when not training', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = layer(0.5).apply(x, { training: false }) as tf.Tensor;
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    tf.dispose([x, y]);
  });
});
