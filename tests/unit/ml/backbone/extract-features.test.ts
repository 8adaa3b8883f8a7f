import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFeatures, extractPartFeatures } from '../../../../src/ml/backbone/extract-features';
import { loadBackbone, type LoadedBackbone } from '../../../../src/ml/backbone/load-backbone';
import { digitSet } from '../../../support/digit-images';
import { pretrainedRecord, type PretrainedName } from '../../../support/pretrained';

// WASM: a 224×224 MobileNetV2 forward is ~20× faster there than on the CPU backend in Node.
beforeAll(async () => {
  await tf.setBackend('wasm');
});

for (const [name, size] of [['mobilenet_v2', 1280], ['mobilenet_v2_mid', 1792]] as const) {
  describe(`features of real digits through nsfwjs ${name}`, () => {
    let backbone: LoadedBackbone;
    beforeAll(async () => {
      backbone = await loadBackbone(pretrainedRecord(name as PretrainedName));
    });
    afterAll(() => backbone.dispose());

    it(`gives ${size} finite values per image, different for different images, with progress per batch and no tensor left`, async () => {
      const set = digitSet([0, 1, 7], 2);
      const before = tf.memory().numTensors;
      const progress: [number, number][] = [];
      const features = await extractFeatures(backbone, set, { batchSize: 4, onProgress: (d, t) => progress.push([d, t]) });
      expect(tf.memory().numTensors).toBe(before);
      expect(features.length).toBe(6 * size);
      expect(progress).toEqual([[4, 6], [6, 6]]);
      expect(features.every(Number.isFinite)).toBe(true);
      const row = (i: number) => features.subarray(i * size, (i + 1) * size);
      const distance = (a: Float32Array, b: Float32Array) => Math.hypot(...a.map((v, j) => v - (b[j] as number)));
      for (let i = 1; i < 6; i++) expect(distance(row(0), row(i))).toBeGreaterThan(0.1);
      expect(Math.max(...row(0))).toBeGreaterThan(0);
    });

    it('gives the same vector for an image whatever batch it is in', async () => {
      const set = digitSet([3], 3);
      const one = await extractFeatures(backbone, set, { batchSize: 1 });
      const all = await extractFeatures(backbone, set, { batchSize: 3 });
      let diff = 0;
      for (let i = 0; i < one.length; i++) diff = Math.max(diff, Math.abs((one[i] as number) - (all[i] as number)));
      expect(diff).toBeLessThan(1e-4);
    });

    it('gives the same vectors and labels from a split read shard by shard, pulling each shard only when the last is done', async () => {
      const set = digitSet([0, 1, 7], 2);
      const per = 28 * 28;
      const cuts = [0, 1, 4, 6];
      const events: string[] = [];
      const parts = {
        shape: set.shape,
        count: set.count,
        parts: async function* () {
          for (let k = 0; k + 1 < cuts.length; k++) {
            const [from, to] = [cuts[k] as number, cuts[k + 1] as number];
            events.push(`shard ${k}`);
            yield { count: to - from, pixels: set.pixels.slice(from * per, to * per), labels: set.labels.slice(from, to) };
          }
        },
      };
      const streamed = await extractPartFeatures(backbone, parts, { batchSize: 2, onProgress: (done) => events.push(`${done}`) });
      const whole = await extractFeatures(backbone, set, { batchSize: 2 });
      expect(events).toEqual(['shard 0', '1', 'shard 1', '3', '4', 'shard 2', '6']);
      expect(Array.from(streamed.labels)).toEqual(Array.from(set.labels));
      let diff = 0;
      for (let i = 0; i < whole.length; i++) diff = Math.max(diff, Math.abs((whole[i] as number) - (streamed.values[i] as number)));
      expect(diff).toBeLessThan(1e-4);
      await expect(extractPartFeatures(backbone, { ...parts, count: 7 }, { batchSize: 2 })).rejects.toThrow('the images ended after 6 of 7');
    });

    it('stops when its signal is aborted', async () => {
      const controller = new AbortController();
      const set = digitSet([5], 4);
      const run = extractFeatures(backbone, set, { batchSize: 1, signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() });
      await expect(run).rejects.toThrow('Feature extraction was cancelled');
    });
  });
}

describe('loadBackbone', () => {
  it('refuses a record whose feature layer is not in the model', async () => {
    const record = { ...pretrainedRecord('mobilenet_v2'), featureLayer: 'no_such_layer' };
    await expect(loadBackbone(record)).rejects.toThrow('nsfwjs mobilenet_v2 has no layer named no_such_layer');
  });
});
