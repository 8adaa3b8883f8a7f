import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';
import { buildModel } from '../../../src/ml/build-model';
import { concatImageSets, type ImageSet } from '../../../src/ml/image-set';
import { train } from '../../../src/ml/train';
import type { EpochStats } from '../../../src/core/run';
import { loadDigits } from '../../support/digits';

function toSet(digits: ReturnType<typeof loadDigits>): ImageSet {
  return concatImageSets([28, 28, 1], digits.map((d) => ({ count: 1, pixels: d.pixels, labels: Uint16Array.of(d.label) })));
}

describe('train on real digits (cpu backend)', () => {
  const digits = loadDigits(60);
  const trainSet = toSet(digits.slice(0, 500));
  const testSet = toSet(digits.slice(500));

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('an MLP reaches well above chance and leaks no tensor across epochs', async () => {
    const spec = BUILT_IN_MODELS.find((m) => m.id === 'mlp')!;
    const hparams = { ...BUILT_IN_HPARAMS[0]!, epochs: 4, batchSize: 32 };
    const model = buildModel(spec.layers, [28, 28, 1], 10);
    const tensorsAfter: number[] = [];
    const history: EpochStats[] = await train({
      model, hparams, classes: 10, train: trainSet, validation: testSet,
      onEpoch: () => void tensorsAfter.push(tf.memory().numTensors),
    });
    expect(history).toHaveLength(4);
    expect(history.at(-1)!.valAccuracy).toBeGreaterThan(0.6);
    expect(history.at(-1)!.loss).toBeLessThan(history[0]!.loss);
    expect(tensorsAfter[3]).toBe(tensorsAfter[2]);
    model.dispose();
  });
});

describe('a diverging run stops and says so (cpu backend)', () => {
  const digits = loadDigits(30);
  const trainSet = toSet(digits.slice(0, 250));
  const testSet = toSet(digits.slice(250));
  const mlp = BUILT_IN_MODELS.find((m) => m.id === 'mlp')!;
  const sgd = { ...BUILT_IN_HPARAMS[0]!, epochs: 3, batchSize: 16, optimizer: 'sgd' as const, learningRate: 10, momentum: 0.99 };

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('SGD at learning rate 10 with momentum 0.99 on real digits stops in its first epoch, far above chance, with no checkpoint', async () => {
    const model = buildModel(mlp.layers, [28, 28, 1], 10);
    const epochs: EpochStats[] = [];
    const run = train({ model, hparams: sgd, classes: 10, train: trainSet, validation: testSet, onBatch: () => {}, onEpoch: (e) => void epochs.push(e) });
    await expect(run).rejects.toMatchObject({
      name: 'DivergedError',
      message: expect.stringMatching(/^diverged at epoch 1, batch \d+: loss is 1\d\.\d, far above the 2\.3 of guessing among 10 classes; try a lower learning rate$/),
    });
    expect(epochs).toEqual([]);
    model.dispose();
  });

  it('a model whose weights are NaN stops at the first loss it reads: "loss is NaN"', async () => {
    const model = buildModel(mlp.layers, [28, 28, 1], 10);
    model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, Number.NaN)));
    const run = train({ model, hparams: { ...BUILT_IN_HPARAMS[0]!, epochs: 1, batchSize: 16 }, classes: 10, train: trainSet, validation: testSet, onBatch: () => {} });
    await expect(run).rejects.toMatchObject({ name: 'DivergedError', message: 'diverged at epoch 1, batch 10: loss is NaN; try a lower learning rate' });
    model.dispose();
  });
});
