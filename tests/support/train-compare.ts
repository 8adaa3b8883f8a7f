// Training the same zoo model on two backends from the same weights, batches and dropout masks, for the WebGPU
// training tests: the project's own train() loop, every step's loss read back.
import * as tf from '@tensorflow/tfjs';
import type { HParams } from '../../src/core/hparams';
import type { ImageShape } from '../../src/core/types';
import { BUILT_IN_MODELS } from '../../src/core/zoo';
import { buildModel } from '../../src/ml/build-model';
import { concatImageSets, type ImageSet } from '../../src/ml/image-set';
import { train } from '../../src/ml/train';
import type { Digit } from './digits';

export const layersOf = (id: string) => BUILT_IN_MODELS.find((m) => m.id === id)!.layers;

/**
 * A real digit shrunk to 10×10 (its centre 20×20, where MNIST puts the digit, averaged over 2×2 blocks), so the
 * plain-JS CPU reference trains cnn_model in seconds; 10×10 is the smallest input cnn_model's two pools accept.
 */
export function shrinkTo10(d: Digit): Uint8Array {
  const out = new Uint8Array(100);
  const p = (at: number) => d.pixels[at] as number;
  for (let y = 0; y < 10; y++) {
    for (let x = 0; x < 10; x++) {
      const at = (4 + 2 * y) * 28 + 4 + 2 * x;
      out[y * 10 + x] = Math.round((p(at) + p(at + 1) + p(at + 28) + p(at + 29)) / 4);
    }
  }
  return out;
}

export function toSet(shape: ImageShape, digits: readonly Digit[], pixelsOf: (d: Digit) => Uint8Array = (d) => d.pixels): ImageSet {
  return concatImageSets(shape, digits.map((d) => ({ count: 1, pixels: pixelsOf(d), labels: Uint16Array.of(d.label) })));
}

/**
 * tfjs draws dropout masks from Math.random unless the layer has a seed. Seeded, each layer draws the same mask on
 * both backends (the same one every step, which is all a comparison needs). The models are built with tfjs's own
 * Dropout (deviceDropout off): the GPU-drawn mask has no CPU twin, and tests/unit/ml/device-dropout.test.ts checks it.
 */
function seedDropout(model: tf.LayersModel): void {
  model.layers.forEach((layer, i) => {
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed?: number }).seed = 1000 + i;
  });
}

export interface StepRun {
  losses: number[];
  initial: Float32Array[];
  final: Float32Array[];
}

/** One epoch of train() on `backend`: each step's loss, and the weights before and after (from `initial` if given). */
export async function trainSteps(
  backend: string, modelId: string, shape: ImageShape, hparams: HParams, set: ImageSet, validation: ImageSet, initial?: Float32Array[],
): Promise<StepRun> {
  await tf.setBackend(backend);
  const model = buildModel(layersOf(modelId), shape, 10, 7, { deviceDropout: false });
  if (initial) tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i] as Float32Array, w.shape))));
  // Read asynchronously: WebGPU's synchronous read needs a canvas, which Node has not.
  const read = () => Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  const before = await read();
  seedDropout(model);
  const losses: number[] = [];
  await train({ model, hparams: { ...hparams, epochs: 1 }, classes: 10, train: set, validation, reportEvery: 1, onBatch: (p) => void losses.push(p.runningLoss) });
  const final = await read();
  model.dispose();
  return { losses, initial: before, final };
}

/** The largest element-wise difference between two lists of weight arrays. */
export function maxWeightDiff(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  return a.reduce((m, w, i) => w.reduce((mm, v, j) => Math.max(mm, Math.abs(v - ((b[i] as Float32Array)[j] as number))), m), 0);
}
