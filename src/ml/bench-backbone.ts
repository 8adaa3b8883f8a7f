// What the benchmark times of a backbone: its features of real images on the active backend (images/s), and a
// head trained on cached features (seconds for N images × E epochs), through the same code the studio runs.
import * as tf from '@tensorflow/tfjs';
import type { BackboneRecord } from '../core/backbone';
import type { HParams } from '../core/hparams';
import type { LayerSpec } from '../core/model-spec';
import type { ImageShape } from '../core/types';
import { extractFeatures } from './backbone/extract-features';
import { loadBackbone } from './backbone/load-backbone';
import { buildModel } from './build-model';
import type { FeatureSet } from './feature-set';
import { train } from './train';

export interface FeatureTiming {
  backend: string;
  images: number;
  /** After one warm-up batch (kernels compiling). */
  seconds: number;
  imagesPerSecond: number;
  features: Float32Array;
  size: number;
}

/** Features of `count` images (bytes, `shape`), timed after a warm-up batch of `warmup` of them. */
export async function timeFeatures(record: BackboneRecord, pixels: Uint8Array, count: number, shape: ImageShape, warmup = 4): Promise<FeatureTiming> {
  const backbone = await loadBackbone(record);
  try {
    const set = { shape, count, pixels, labels: new Uint16Array(count) };
    await extractFeatures(backbone, { ...set, count: Math.min(warmup, count) });
    const started = performance.now();
    const features = await extractFeatures(backbone, set);
    const seconds = (performance.now() - started) / 1000;
    return { backend: tf.getBackend(), images: count, seconds, imagesPerSecond: count / seconds, features, size: record.featureSize };
  } finally {
    backbone.dispose();
  }
}

export interface HeadTiming {
  backend: string;
  images: number;
  epochs: number;
  seconds: number;
  trainAccuracy: number;
}

/** A head trained on feature vectors for `hparams.epochs` epochs (validation on the same set: nothing is held out here). */
export async function timeHead(head: readonly LayerSpec[], set: FeatureSet, classes: number, hparams: HParams): Promise<HeadTiming> {
  const model = buildModel(head, [set.size], classes, hparams.seed);
  try {
    const started = performance.now();
    const history = await train({ model, hparams, classes, train: set, validation: { ...set, count: 0 } });
    const seconds = (performance.now() - started) / 1000;
    return { backend: tf.getBackend(), images: set.count, epochs: history.length, seconds, trainAccuracy: history.at(-1)?.accuracy ?? Number.NaN };
  } finally {
    model.dispose();
  }
}
