// A run's split held on the GPU (batches and held-out validation gathered there) against the same run streamed from
// its shards and built on the host, on WebGPU (Dawn on SwiftShader).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HParams } from '../../../src/core/hparams';
import type { DatasetRecord } from '../../../src/core/types';
import { BUILT_IN_MODELS } from '../../../src/core/zoo';
import { buildModel } from '../../../src/ml/build-model';
import { runData } from '../../../src/ml/run-data';
import { makeOptimizer, train } from '../../../src/ml/train';
import { loadDigits } from '../../support/digits';
import { cutShard, memoryShards } from '../../support/memory-read-shards';
import { useWebGpu } from '../../support/webgpu-node';

const unavailable = await useWebGpu();
const digits = loadDigits(30);
const pixels = new Uint8Array(digits.length * 784);
digits.forEach((d, i) => pixels.set(d.pixels, i * 784));
const stored = memoryShards({ train: cutShard({ count: digits.length, pixels, labels: Uint16Array.from(digits, (d) => d.label) }, [70, 45], 784) });
const dataset: DatasetRecord = {
  id: 'd', name: 'Digits', createdAt: 1, layout: 'class-folders', shape: [28, 28, 1], classes: '0123456789'.split(''),
  counts: {}, bytes: 300 * 784, report: { skipped: [], warnings: [], images: 300, files: 300, seconds: 0 }, shardLayout: stored.shardLayout,
};
const hparams: HParams = { id: 'h', name: 'H', priority: 0, enabled: true, epochs: 2, batchSize: 32, optimizer: 'sgd', learningRate: 0.05, seed: 4 };

async function history(residency: 'memory' | 'stream') {
  const data = await runData(stored, dataset, { kind: 'split', fraction: 0.2 }, hparams.seed, hparams.batchSize, { residency, windowBytes: 100 * 784 });
  const model = buildModel(BUILT_IN_MODELS.find((m) => m.id === 'mlp')!.layers, dataset.shape, 10, hparams.seed);
  const optimizer = makeOptimizer(hparams);
  try {
    const epochs = await train({ model, optimizer, hparams, classes: 10, train: data.data });
    return { epochs, reason: data.data.reason };
  } finally {
    data.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

describe.skipIf(unavailable)('a run\'s split on the GPU (WebGPU)', () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
  });

  it('trains and validates as the same split streamed from its shards', { timeout: 120_000 }, async () => {
    const onDevice = await history('memory');
    const streamed = await history('stream');
    expect(onDevice.reason).toBeUndefined(); // on the device: no reason to give
    expect(streamed.reason).toBe('the images are streamed from storage');
    expect(onDevice.epochs).toHaveLength(2);
    onDevice.epochs.forEach((e, i) => {
      const s = streamed.epochs[i]!;
      expect(s.accuracy).toBeCloseTo(e.accuracy, 5);
      expect(s.loss).toBeCloseTo(e.loss, 4);
      expect(s.valLoss).toBeCloseTo(e.valLoss, 4);
      expect(s.valAccuracy).toBeCloseTo(e.valAccuracy, 5);
    });
    expect(onDevice.epochs[1]!.valAccuracy).toBeGreaterThan(0.5);
  });
});
