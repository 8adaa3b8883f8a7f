import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { profileSteps } from '../../../src/ml/step-profile';

describe('profileSteps', () => {
  it('counts kernels per step and groups them by name and input shapes, costliest first', async () => {
    await tf.setBackend('cpu');
    const a = tf.ones([64, 64]);
    const step = () => tf.tidy(() => {
      const m = a.matMul(a);
      return m.add(1).add(2).sum();
    });
    const p = await profileSteps(async () => {
      for (let i = 0; i < 2; i++) {
        const total = step();
        await total.data();
        total.dispose();
      }
    }, 2, 10);
    a.dispose();
    expect(p.steps).toBe(2);
    // per step: BatchMatMul, two Adds, Sum
    expect(p.kernelsPerStep).toBe(4);
    const add = p.top.find((k) => k.name === 'Add [64,64] []');
    expect(add?.calls).toBe(2);
    expect(p.top.find((k) => k.name === 'BatchMatMul [64,64] [64,64]')?.calls).toBe(1);
    expect(p.kernelMsPerStep).not.toBeNull();
    expect(p.top.map((k) => k.msPerStep)).toEqual([...p.top.map((k) => k.msPerStep)].sort((x, y) => y - x));
    expect(tf.memory().numTensors).toBe(0);
  });
});
