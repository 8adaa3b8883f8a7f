import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import type { LayerSpec } from '../../../src/core/model-spec';
import type { EpochStats } from '../../../src/core/run';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';
import { buildModel } from '../../../src/ml/build-model';
import { concatImageSets, type ImageSet } from '../../../src/ml/image-set';
import { train, type TrainOptions } from '../../../src/ml/train';
import { loadDigits } from '../../support/digits';
import { useWebGpu } from '../../support/webgpu-node';

const unavailable = await useWebGpu();
const toSet = (digits: ReturnType<typeof loadDigits>): ImageSet =>
  concatImageSets([28, 28, 1], digits.map((d) => ({ count: 1, pixels: d.pixels, labels: Uint16Array.of(d.label) })));
const digits = loadDigits(14);
const trainSet = toSet(digits.slice(0, 110));
const validation = toSet(digits.slice(110));

const TINY_CNN: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
  { type: 'flatten' },
  { type: 'dense', units: 'classes', activation: 'softmax' },
];
const MLP = BUILT_IN_MODELS.find((m) => m.id === 'mlp')!.layers;
const OFF = { fusedOptimizer: false, dataOnDevice: false, deviceMetrics: false, fusedLoss: false } satisfies Partial<TrainOptions>;

async function run(layers: LayerSpec[], hparams: HParams, switches: Partial<TrainOptions>, fusedActivations: boolean): Promise<{ history: EpochStats[]; tensors: number[] }> {
  const model = buildModel(layers, [28, 28, 1], 10, 4, { fusedActivations });
  const tensors: number[] = [];
  const history = await train({
    model, hparams, classes: 10, train: trainSet, validation, reportEvery: 3, onBatch: () => undefined,
    onEpoch: () => void tensors.push(tf.memory().numTensors), ...switches,
  });
  model.dispose();
  return { history, tensors };
}

describe.skipIf(unavailable)('training on WebGPU with the host-work speed-ups', () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });

  const cases: [string, LayerSpec[], HParams['optimizer']][] = [['mlp', MLP, 'adam'], ['tiny CNN', TINY_CNN, 'sgd']];
  for (const [name, layers, optimizer] of cases) {
    it(`${name} with ${optimizer}: the same per-epoch losses with the speed-ups as without, and no tensor leaked per epoch`, async () => {
      const hparams: HParams = {
        id: 'h', name: 'h', priority: 0, enabled: true, epochs: 3, batchSize: 32, optimizer, learningRate: optimizer === 'sgd' ? 0.05 : 0.002, seed: 2,
        schedule: { kind: 'step', every: 1, factor: 0.5 },
      };
      const fast = await run(layers, hparams, {}, true);
      const plain = await run(layers, hparams, OFF, false);
      for (const [f, p] of fast.history.map((e, i) => [e, plain.history[i]!] as const)) {
        expect(f.loss).toBeCloseTo(p.loss, 4);
        expect(f.valLoss).toBeCloseTo(p.valLoss, 4);
        expect(f.accuracy).toBeCloseTo(p.accuracy, 2);
      }
      expect(fast.history.at(-1)!.loss).toBeLessThan(fast.history[0]!.loss);
      expect(fast.tensors[2]).toBe(fast.tensors[1]);
    });
  }
});
