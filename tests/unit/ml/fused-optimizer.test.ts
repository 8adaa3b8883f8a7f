import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import { FusedAdamOptimizer, FusedMomentumOptimizer, FusedRMSPropOptimizer } from '../../../src/ml/fused-optimizer';
import { restoreOptimizer, saveOptimizer } from '../../../src/ml/optimizer-state';
import { makeOptimizer, setLearningRate } from '../../../src/ml/train';
import { countDispatches } from '../../support/dispatches';
import { useWebGpu } from '../../support/webgpu-node';

const unavailable = await useWebGpu();
const SHAPES = [[5, 7], [7], [130, 97]];
let nextName = 0;

/** Deterministic values in [-1, 1) from a seed, so two runs see the same weights and gradients. */
function values(size: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

function variables(): tf.Variable[] {
  return SHAPES.map((shape, i) => tf.variable(tf.tensor(values(tf.util.sizeFromShape(shape), 100 + i), shape), true, `fused-test-${nextName++}`));
}

/** `steps` steps of the same gradients; the learning rate changes halfway, as a schedule would. */
function run(optimizer: tf.Optimizer, vars: tf.Variable[], steps: number, from = 0): void {
  for (let step = from; step < from + steps; step++) {
    if (step === 10) setLearningRate(optimizer, 0.003);
    const grads = vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(values(v.size, 1000 * step + i), v.shape) }));
    optimizer.applyGradients(grads);
    tf.dispose(grads.map((g) => g.tensor));
  }
}

async function read(ts: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
}

/** Largest relative difference (NaN where tfjs has NaN counts as equal). */
function expectClose(actual: Float32Array[], expected: Float32Array[], relative = 1e-5, what = ''): void {
  expect(actual.map((a) => a.length)).toEqual(expected.map((e) => e.length));
  let worst = 0;
  actual.forEach((a, k) => a.forEach((x, i) => {
    const e = expected[k]![i]!;
    if (!(Number.isNaN(e) && Number.isNaN(x))) worst = Math.max(worst, Math.abs(x - e) / Math.max(Math.abs(e), 1e-3));
  }));
  expect(worst, what).toBeLessThan(relative);
}

async function slotValues(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const weights = await optimizer.getWeights();
  const out = await read(weights.slice(1).map((w) => w.tensor));
  weights[0]!.tensor.dispose();
  return out;
}

const KINDS: Record<string, { tfjs: () => tf.Optimizer; fused: () => tf.Optimizer }> = {
  adam: { tfjs: () => tf.train.adam(0.01), fused: () => new FusedAdamOptimizer(0.01) },
  momentum: { tfjs: () => tf.train.momentum(0.01, 0.9), fused: () => new FusedMomentumOptimizer(0.01, 0.9) },
  nesterov: { tfjs: () => tf.train.momentum(0.01, 0.9, true), fused: () => new FusedMomentumOptimizer(0.01, 0.9, true) },
  rmsprop: { tfjs: () => tf.train.rmsprop(0.01), fused: () => new FusedRMSPropOptimizer(0.01) },
  'rmsprop with momentum, centered': { tfjs: () => tf.train.rmsprop(0.01, 0.9, 0.5, undefined, true), fused: () => new FusedRMSPropOptimizer(0.01, 0.9, 0.5, undefined, true) },
};

describe.skipIf(unavailable)('fused optimizer step on WebGPU', () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });

  for (const [kind, make] of Object.entries(KINDS)) {
    it(`${kind}: 20 steps with a learning-rate change match tfjs's optimizer within 1e-5`, async () => {
      const [a, b] = [variables(), variables()];
      const [reference, fused] = [make.tfjs(), make.fused()];
      run(reference, a, 20);
      run(fused, b, 20);
      expectClose(await read(b), await read(a));
      expectClose(await slotValues(fused), await slotValues(reference));
      expect(fused.iterations).toBe(20);
      tf.dispose([...a, ...b]);
      reference.dispose();
      fused.dispose();
    });
  }

  it('is one dispatch per variable and leaves no tensor behind', async () => {
    const vars = variables();
    const optimizer = new FusedAdamOptimizer(0.01);
    run(optimizer, vars, 1);
    const before = tf.memory().numTensors;
    const grads = vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(values(v.size, i), v.shape) }));
    await read(grads.map((g) => g.tensor));
    const dispatches = await countDispatches(() => optimizer.applyGradients(grads));
    tf.dispose(grads.map((g) => g.tensor));
    expect(dispatches).toBe(vars.length);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(vars);
    optimizer.dispose();
  });

  it('a checkpoint of the fused state restores into a fused and into a tfjs optimizer that both continue the same', async () => {
    for (const name of ['adam', 'sgd', 'rmsprop'] as const) {
      const h: HParams = { id: 'h', name: 'h', priority: 0, enabled: true, epochs: 1, batchSize: 1, optimizer: name, learningRate: 0.01, seed: 1 };
      const vars = variables();
      const first = makeOptimizer(h);
      run(first, vars, 5);
      const stored = await saveOptimizer(first);
      const weights = await read(vars);
      run(first, vars, 5, 5);
      const [fusedCopy, tfjsCopy] = [variables(), variables()];
      fusedCopy.forEach((v, i) => v.assign(tf.tensor(weights[i]!, v.shape)));
      tfjsCopy.forEach((v, i) => v.assign(tf.tensor(weights[i]!, v.shape)));
      const [resumed, resumedTfjs] = [makeOptimizer(h), makeOptimizer(h, { fused: false })];
      await restoreOptimizer(resumed, stored);
      await restoreOptimizer(resumedTfjs, stored);
      run(resumed, fusedCopy, 5, 5);
      run(resumedTfjs, tfjsCopy, 5, 5);
      // Resuming is not bit-exact in tfjs either (it recomputes Adam's beta powers with pow): compare the fused
      // resume with tfjs's resume closely, and both with the run that never stopped within a few float32 steps.
      const [fused, tfjs, uninterrupted] = [await read(fusedCopy), await read(tfjsCopy), await read(vars)];
      expectClose(fused, tfjs, 1e-5, `${name}: fused resume against tfjs's resume`);
      expectClose(fused, uninterrupted, 1e-3, `${name}: fused resume against no resume`);
      expectClose(await slotValues(resumed), await slotValues(first), 1e-5, `${name}: slots`);
      tf.dispose([...vars, ...fusedCopy, ...tfjsCopy]);
      [first, resumed, resumedTfjs].forEach((o) => o.dispose());
    }
  });
});
