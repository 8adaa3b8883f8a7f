import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { permutation, seededRandom } from '../../../src/core/random';
import type { ImageShape } from '../../../src/core/types';
import { makeBatchSource } from '../../../src/ml/batch-source';
import { bytesToBatch, gatherBytes, type ImageSet } from '../../../src/ml/image-set';
import { useWebGpu } from '../../support/webgpu-node';

const unavailable = await useWebGpu();

/** A set whose bytes cover 0…255 and whose per-image size is not a multiple of 4 (odd word boundaries). */
function byteSet(shape: ImageShape, count: number, classes: number): ImageSet {
  const per = shape[0] * shape[1] * shape[2];
  const random = seededRandom(shape[2] * 7 + count);
  return {
    shape, count,
    pixels: Uint8Array.from({ length: count * per }, () => Math.floor(random() * 256)),
    labels: Uint16Array.from({ length: count }, () => Math.floor(random() * classes)),
  };
}

describe.skipIf(unavailable)('batches gathered on the device (WebGPU)', () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });

  for (const shape of [[5, 7, 1], [3, 5, 3]] as ImageShape[]) {
    it(`equal bytesToBatch's pixels and tfjs's one-hot labels for a shuffled order with a ragged last batch, ${shape[2]} channel(s)`, async () => {
      const [count, classes, batchSize] = [23, 4, 8];
      const set = byteSet(shape, count, classes);
      const source = makeBatchSource(set, classes, batchSize);
      expect(source.onDevice).toBe(true);
      const order = permutation(count, seededRandom(5));
      source.setOrder(order);
      const buffer = new Uint8Array(batchSize * shape[0] * shape[1] * shape[2]);
      const sizes: number[] = [];
      for (let start = 0; start < count; start += batchSize) {
        const end = Math.min(start + batchSize, count);
        const { x, y } = source.batch(start, end);
        const expectedX = bytesToBatch(gatherBytes(set, order, start, end, buffer), shape, end - start);
        const labels = Array.from(order.subarray(start, end), (i) => set.labels[i] as number);
        const expectedY = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
        expect(x.shape).toEqual(expectedX.shape);
        expect(y.dtype).toBe('float32');
        expect(Array.from(await x.data())).toEqual(Array.from(await expectedX.data()));
        expect(Array.from(await y.data())).toEqual(Array.from(await expectedY.data()));
        sizes.push(end - start);
        tf.dispose([x, y, expectedX, expectedY]);
      }
      expect(sizes).toEqual([8, 8, 7]);
      source.dispose();
    });
  }

  it('follows a new order each epoch and frees what it uploaded', async () => {
    const set = byteSet([2, 2, 1], 6, 3);
    const before = tf.memory().numTensors;
    const source = makeBatchSource(set, 3, 6);
    for (const seed of [1, 2]) {
      const order = permutation(6, seededRandom(seed));
      source.setOrder(order);
      const { x, y } = source.batch(0, 6);
      const firstImage = Array.from(set.pixels.subarray(order[0]! * 4, order[0]! * 4 + 4), (v) => v / 255);
      expect(Array.from((await x.data()).subarray(0, 4))).toEqual(firstImage.map((v) => Math.fround(v)));
      tf.dispose([x, y]);
    }
    source.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('falls back to batches from the host when the set exceeds the budget, or when turned off', () => {
    const set = byteSet([4, 4, 1], 10, 2);
    const tight = makeBatchSource(set, 2, 4, { budgetBytes: 100 });
    expect(tight.onDevice).toBe(false);
    expect(tight.reason).toBe("the sets take 240 bytes, over the 100 bytes budget for data on the device");
    expect(makeBatchSource(set, 2, 4, { onDevice: false }).onDevice).toBe(false);
    tight.dispose();
  });
});
