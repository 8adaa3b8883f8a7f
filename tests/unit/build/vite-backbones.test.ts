// The build step that turns the npm package's model into backbones/<slug>/model.json + weights.bin: what it writes
// loads in tfjs, the feature node named in src/core/built-in-backbones.ts exists and gives the stated size, and the
// five-class output is unchanged by the rewrite (same numbers as nsfwjs's own files).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { backboneFiles } from '../../../build/vite-backbones';
import { BUILT_IN_BACKBONES } from '../../../src/core/built-in-backbones';
import { seededRandom } from '../../../src/core/random';

interface ModelJson { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] }

const require = createRequire(import.meta.url);
const fromMemory = (json: ModelJson, weights: ArrayBuffer) =>
  tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: weights });

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe.each(BUILT_IN_BACKBONES.map((b) => [b.slug, b] as const))('built-in backbone %s', (_slug, backbone) => {
  it('writes one weights file of the stated size, named by its model.json', () => {
    const files = backboneFiles(backbone);
    const json = JSON.parse(files.modelJson) as ModelJson & { format: string };
    expect(json.format).toBe(backbone.format === 'graph' ? 'graph-model' : 'layers-model');
    expect(json.weightsManifest.map((g) => g.paths)).toEqual([['weights.bin']]);
    expect(files.weights.length).toBe(backbone.weightBytes);
  });

  it.runIf(backbone.format === 'graph')('loads as a graph model whose feature node gives the stated size, with the package’s outputs', async () => {
    const files = backboneFiles(backbone);
    const json = JSON.parse(files.modelJson) as ModelJson;
    const model = await tf.loadGraphModel(fromMemory(json, files.weights.slice().buffer));
    // The package's own files, read the way nsfwjs reads them, as the reference.
    const dir = require.resolve('nsfwjs').replace(/dist[\\/].*$/, backbone.source.modelDir);
    const original = require(`${dir}/model.min.js`) as ModelJson;
    const shards = original.weightsManifest.flatMap((g) => g.paths).map((p) => Buffer.from(require(`${dir}/${p}.min.js`) as string, 'base64'));
    const reference = await tf.loadGraphModel(fromMemory(original, new Uint8Array(Buffer.concat(shards)).buffer));
    const random = seededRandom(5);
    const { width, height } = backbone.inputSize;
    const x = tf.tensor4d(Float32Array.from({ length: 2 * height * width * 3 }, random), [2, height, width, 3]);
    const features = model.execute(x, backbone.featureLayer) as tf.Tensor;
    expect(features.shape).toEqual([2, backbone.featureSize]);
    const ours = model.predict(x) as tf.Tensor;
    const theirs = reference.predict(x) as tf.Tensor;
    expect(Array.from(await ours.data())).toEqual(Array.from(await theirs.data()));
    expect(ours.shape).toEqual([2, 5]);
    tf.dispose([x, features, ours, theirs]);
    model.dispose();
    reference.dispose();
  });
});
