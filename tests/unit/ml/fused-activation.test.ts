import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../../src/core/model-spec';
import { buildModel } from '../../../src/ml/build-model';
import { countDispatches } from '../../support/dispatches';
import { useWebGpu } from '../../support/webgpu-node';

const unavailable = await useWebGpu();
const SPEC: LayerSpec[] = [
  { type: 'conv2d', filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
  { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'valid', activation: 'linear' },
  { type: 'flatten' },
  { type: 'dense', units: 6, activation: 'relu' },
  { type: 'dense', units: 'classes', activation: 'softmax' },
];

/** Loss, gradients and the kernels (GPU dispatches on WebGPU) one training step's forward and backward run. */
async function lossAndGrads(fused: boolean): Promise<{ loss: number; grads: Float32Array[]; kernels: number }> {
  const model = buildModel(SPEC, [9, 9, 3], 5, 3, { fusedActivations: fused });
  const x = tf.tensor4d(Float32Array.from({ length: 4 * 9 * 9 * 3 }, (_, i) => Math.sin(i)), [4, 9, 9, 3]);
  const y = tf.oneHot(tf.tensor1d([0, 3, 1, 4], 'int32'), 5);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = () => tf.variableGrads(() => tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor).mean() as tf.Scalar, vars);
  const kernels = tf.getBackend() === 'webgpu'
    ? await countDispatches(() => tf.dispose(Object.values(step().grads)))
    : (await tf.profile(() => void tf.dispose(Object.values(step().grads)))).kernels.length;
  const { value, grads } = step();
  const out = { loss: (await value.data())[0] as number, grads: await Promise.all(vars.map(async (v) => (await grads[v.name]!.data()) as Float32Array)), kernels };
  tf.dispose([x, y, value, ...Object.values(grads)]);
  model.dispose();
  return out;
}

for (const backend of ['cpu', 'webgpu']) {
  describe.skipIf(backend === 'webgpu' && unavailable)(`bias and activation fused in training, ${backend} backend`, () => {
    it('gives the loss and gradients of tfjs\'s own layers, with fewer kernels', async () => {
      await tf.setBackend(backend);
      const [fused, plain] = [await lossAndGrads(true), await lossAndGrads(false)];
      expect(fused.loss).toBeCloseTo(plain.loss, 5);
      fused.grads.forEach((g, k) => g.forEach((v, i) => expect(v).toBeCloseTo(plain.grads[k]![i]!, 5)));
      expect(fused.kernels).toBeLessThan(plain.kernels);
    });
  });
}

describe('a model with fused layers', () => {
  it('saves as plain Dense and Conv2D layers that tfjs loads back with the same predictions', async () => {
    await tf.setBackend('cpu');
    const model = buildModel(SPEC, [9, 9, 3], 5, 3);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }));
    const classes = JSON.stringify(saved!.modelTopology).match(/"class_name":"(\w+)"/g);
    expect(classes).toEqual(expect.arrayContaining(['"class_name":"Conv2D"', '"class_name":"Dense"']));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.ones([2, 9, 9, 3]);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
