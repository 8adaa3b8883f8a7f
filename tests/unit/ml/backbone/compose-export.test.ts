import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackboneRecord } from '../../../../src/core/backbone';
import type { LayersArtifacts } from '../../../../src/core/model-artifacts';
import type { ImageShape } from '../../../../src/core/types';
import { buildModel } from '../../../../src/ml/build-model';
import { composeClassifier } from '../../../../src/ml/backbone/compose';
import { exportBackboneRun } from '../../../../src/ml/backbone/export-run';
import { buildFineTuneModel } from '../../../../src/ml/backbone/fine-tune';
import { saveLayersModel, type ModelJsonFiles } from '../../../../src/ml/backbone/model-json';
import { bytesToBatch } from '../../../../src/ml/image-set';
import { digitSet } from '../../../support/digit-images';
import { pretrainedRecord } from '../../../support/pretrained';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const HEAD = [
  { type: 'dense', units: 16, activation: 'relu' },
  { type: 'dropout', rate: 0.2 },
  { type: 'batchNormalization' },
  { type: 'dense', units: 'classes', activation: 'softmax' },
] as const;

/** A head as a frozen run stores it: built on [featureSize], its batch-norm statistics moved off their defaults. */
async function trainedHead(featureSize: number, classes: number): Promise<LayersArtifacts> {
  const head = buildModel([...HEAD], [featureSize], classes, 3);
  const bn = head.layers[2] as tf.layers.Layer;
  bn.setWeights(bn.getWeights().map((w, i) => tf.tidy(() => w.add(tf.randomUniform(w.shape, 0.1, 0.5, 'float32', 10 + i)))));
  const saved = await saveLayersModel(head);
  head.dispose();
  return saved;
}

/** Loads exported files as a user would, and gives its probabilities for `x`. */
async function predictExported(files: ModelJsonFiles & { format: string }, x: tf.Tensor4D): Promise<Float32Array> {
  const json = JSON.parse(files.modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[]; signature?: object; userDefinedMetadata?: Record<string, object> };
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: files.weights.slice().buffer,
    ...(json.signature ? { signature: json.signature } : {}), ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
  };
  const model = files.format === 'graph-model' ? await tf.loadGraphModel(tf.io.fromMemory(artifacts)) : await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.data()) as Float32Array;
  y.dispose();
  model.dispose();
  return out;
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

for (const [name, shape] of [['mobilenet_v2', [28, 28, 1]], ['mobilenet_v2_mid', [28, 28, 1]]] as const) {
  describe(`a frozen ${name} run with a head`, () => {
    let record: BackboneRecord;
    let head: LayersArtifacts;
    const set = digitSet([0, 1, 2], 1);
    beforeAll(async () => {
      record = pretrainedRecord(name);
      head = await trainedHead(record.featureSize, 3);
    });

    it('exports one model that takes dataset-shaped images and gives the composed classifier\'s probabilities', async () => {
      const x = bytesToBatch(set.pixels, shape as ImageShape, set.count);
      const classifier = await composeClassifier(record, head, 'head', shape as ImageShape);
      const y = classifier.predict(x);
      const expected = (await y.data()) as Float32Array;
      y.dispose();
      classifier.dispose();
      const before = tf.memory().numTensors;
      const exported = await exportBackboneRun(record, head, 'head', shape as ImageShape);
      expect(tf.memory().numTensors).toBe(before);
      expect(exported.combined.format).toBe(name === 'mobilenet_v2' ? 'layers-model' : 'graph-model');
      // The backbone's own classifier is left out: only the trunk and the new head remain.
      expect(exported.combined.modelJson).not.toMatch(/"name":"(dense_3|StatefulPartitionedCall\/sequential\/dense\/BiasAdd)"/);
      expect(JSON.parse(exported.head.modelJson).format).toBe('layers-model');
      const combined = await predictExported(exported.combined, x);
      expect(combined.length).toBe(9);
      expect(maxDiff(combined, expected)).toBeLessThanOrEqual(1e-4);
      // The three digits get different probabilities, so equal outputs are not a constant head's.
      expect(maxDiff(expected.subarray(0, 3), expected.subarray(3, 6))).toBeGreaterThan(1e-3);
      x.dispose();
    });
  });
}

/** Real digits in colour: red is the digit, green its negative, blue half the digit. */
function colourDigits(): { pixels: Uint8Array; count: number } {
  const grey = digitSet([2, 5], 1);
  const pixels = new Uint8Array(grey.count * 784 * 3);
  grey.pixels.forEach((v, i) => pixels.set([v, 255 - v, v >> 1], i * 3));
  return { pixels, count: grey.count };
}

for (const name of ['mobilenet_v2', 'mobilenet_v2_mid'] as const) {
  it(`${name}: a colour dataset, a [-1, 1] pixel range and tanh/swish head layers export to the same probabilities`, async () => {
    const record = { ...pretrainedRecord(name), pixelRange: { min: -1, max: 1 } };
    const shape: ImageShape = [28, 28, 3];
    const headModel = buildModel([{ type: 'dense', units: 8, activation: 'tanh' }, { type: 'dense', units: 8, activation: 'swish' }, { type: 'dense', units: 'classes', activation: 'softmax' }], [record.featureSize], 2, 9);
    const head = await saveLayersModel(headModel);
    headModel.dispose();
    const { pixels, count } = colourDigits();
    const x = bytesToBatch(pixels, shape, count);
    const classifier = await composeClassifier(record, head, 'head', shape);
    const y = classifier.predict(x);
    const expected = (await y.data()) as Float32Array;
    tf.dispose(y);
    classifier.dispose();
    const exported = await exportBackboneRun(record, head, 'head', shape);
    expect(maxDiff(await predictExported(exported.combined, x), expected)).toBeLessThanOrEqual(1e-4);
    expect(maxDiff(expected.subarray(0, 2), expected.subarray(2, 4))).toBeGreaterThan(1e-4);
    x.dispose();
  });
}

describe('a fine-tuned mobilenet_v2 run', () => {
  it('exports the fine-tuned model as it is and its head alone, both loadable with the same outputs', async () => {
    const record = pretrainedRecord('mobilenet_v2');
    const model = await buildFineTuneModel(record, 2, [...HEAD], [28, 28, 1], 3, 5);
    const trained = await saveLayersModel(model);
    const set = digitSet([4, 9], 1);
    const x = bytesToBatch(set.pixels, [28, 28, 1], set.count);
    const y = model.predict(x) as tf.Tensor;
    const expected = (await y.data()) as Float32Array;
    y.dispose();
    model.dispose();
    const classifier = await composeClassifier(record, trained, 'fine-tuned', [28, 28, 1]);
    const composed = classifier.predict(x);
    expect(maxDiff((await composed.data()) as Float32Array, expected)).toBeLessThanOrEqual(1e-4);
    composed.dispose();
    classifier.dispose();
    const exported = await exportBackboneRun(record, trained, 'fine-tuned', [28, 28, 1]);
    expect(maxDiff(await predictExported(exported.combined, x), expected)).toBeLessThanOrEqual(1e-4);
    const headJson = JSON.parse(exported.head.modelJson) as { modelTopology: { config: { layers: unknown[] } } };
    expect(headJson.modelTopology.config.layers.length).toBeGreaterThan(0);
    x.dispose();
  });
});
