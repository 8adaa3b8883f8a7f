import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../../src/ml/build-model';
import { extractFeatures } from '../../../../src/ml/backbone/extract-features';
import { loadBackbone, type LoadedBackbone } from '../../../../src/ml/backbone/load-backbone';
import { digitSet } from '../../../support/digit-images';
import { pretrainedRecord } from '../../../support/pretrained';

describe('a head trained on pretrained features', () => {
  let backbone: LoadedBackbone;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    backbone = await loadBackbone(pretrainedRecord('mobilenet_v2'));
  });
  afterAll(() => backbone.dispose());

  it('separates real 3s from 8s it has not seen, well above chance', async () => {
    const set = digitSet([3, 8], 20); // interleaved 3, 8, 3, 8, …: the first 24 train, the last 16 test
    const features = await extractFeatures(backbone, set, { batchSize: 10 });
    const size = backbone.info.featureSize;
    const split = 24;
    const head = buildModel([{ type: 'dense', units: 32, activation: 'relu' }, { type: 'dense', units: 'classes', activation: 'softmax' }], [size], 2, 7);
    head.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    const xs = tf.tensor2d(features.subarray(0, split * size), [split, size]);
    const ys = tf.oneHot(tf.tensor1d(Array.from(set.labels.subarray(0, split)), 'int32'), 2);
    await head.fit(xs, ys, { epochs: 40, batchSize: 8, shuffle: false, verbose: 0 });
    const test = tf.tensor2d(features.subarray(split * size), [set.count - split, size]);
    const predicted = tf.tidy(() => (head.predict(test) as tf.Tensor).argMax(1).dataSync());
    const correct = predicted.filter((p, i) => p === set.labels[split + i]).length;
    expect(correct / (set.count - split)).toBeGreaterThanOrEqual(0.8);
    tf.dispose([xs, ys, test]);
    head.dispose();
  });
});
