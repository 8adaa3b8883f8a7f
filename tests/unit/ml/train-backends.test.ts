import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import type { LayerSpec } from '../../../src/core/model-spec';
import type { EpochStats } from '../../../src/core/run';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';
import { buildModel } from '../../../src/ml/build-model';
import { concatImageSets, type ImageSet } from '../../../src/ml/image-set';
import { train } from '../../../src/ml/train';
import { registerWasmGradKernels } from '../../../src/ml/kernels/wasm/grad-kernels';
import { loadDigits } from '../../support/digits';

const toSet = (digits: ReturnType<typeof loadDigits>): ImageSet =>
  concatImageSets([28, 28, 1], digits.map((d) => ({ count: 1, pixels: d.pixels, labels: Uint16Array.of(d.label) })));

const digits = loadDigits(70);
const trainSet = toSet(digits.slice(0, 600));
const testSet = toSet(digits.slice(600));
const hparams: HParams = { id: 't', name: 'T', priority: 0, enabled: true, epochs: 4, batchSize: 32, optimizer: 'adam', learningRate: 0.003, seed: 3 };

registerWasmGradKernels();

/** A convolution small enough for the plain-JS CPU backend to train in seconds. */
const TINY_CNN: LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
  { type: 'flatten' },
  { type: 'dense', units: 'classes', activation: 'softmax' },
];
const MODELS: Record<string, LayerSpec[]> = {
  mlp: BUILT_IN_MODELS.find((m) => m.id === 'mlp')!.layers,
  'tiny strided CNN': TINY_CNN,
  'zoo small-cnn': BUILT_IN_MODELS.find((m) => m.id === 'small-cnn')!.layers,
  'zoo separable-cnn': BUILT_IN_MODELS.find((m) => m.id === 'separable-cnn')!.layers,
};
const ON: Record<string, string[]> = { cpu: ['mlp', 'tiny strided CNN'], wasm: Object.keys(MODELS) };

for (const backend of ['cpu', 'wasm']) {
  describe(`training on real digits, ${backend} backend`, () => {
    for (const modelId of ON[backend]!) {
      it(`${modelId} reaches well above chance (10%) and holds its tensor count from epoch to epoch`, async () => {
        await tf.setBackend(backend);
        const model = buildModel(MODELS[modelId]!, [28, 28, 1], 10, 3);
        const tensorsAfter: number[] = [];
        const history: EpochStats[] = await train({
          model, hparams, classes: 10, train: trainSet, validation: testSet,
          onEpoch: () => void tensorsAfter.push(tf.memory().numTensors),
        });
        model.dispose();
        expect(history).toHaveLength(4);
        expect(history.at(-1)!.valAccuracy).toBeGreaterThan(0.6);
        expect(history.at(-1)!.loss).toBeLessThan(history[0]!.loss);
        expect(tensorsAfter[2]).toBe(tensorsAfter[1]);
        expect(tensorsAfter[3]).toBe(tensorsAfter[2]);
      });
    }
  });
}
