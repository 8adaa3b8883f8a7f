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
