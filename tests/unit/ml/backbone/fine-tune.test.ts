import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFineTuneModel } from '../../../../src/ml/backbone/fine-tune';
import { interpolationMatrix } from '../../../../src/ml/backbone/backbone-layers-input';
import { bytesToBatch } from '../../../../src/ml/image-set';
import { registerWasmGradKernels } from '../../../../src/ml/kernels/wasm/grad-kernels';
import { digitSet } from '../../../support/digit-images';
import { pretrainedRecord } from '../../../support/pretrained';

beforeAll(async () => {
  registerWasmGradKernels(); // the backward kernels tfjs's WASM backend lacks (Conv2DBackpropFilter…)
  await tf.setBackend('wasm');
});

describe('buildFineTuneModel on nsfwjs mobilenet_v2', () => {
  it('trains only the last K weight layers of the trunk and the head; one step changes exactly those', async () => {
    const record = pretrainedRecord('mobilenet_v2');
    const model = await buildFineTuneModel(record, 3, [{ type: 'dense', units: 'classes', activation: 'softmax' }], [28, 28, 1], 2, 1);
    const trunk = model.getLayer('backbone') as unknown as tf.LayersModel;
    const weighted = trunk.layers.filter((l) => l.weights.length > 0);
    expect(weighted.length).toBe(record.trunkLayers);
    const lastThree = weighted.slice(-3).map((l) => l.name);
    expect(lastThree).toEqual(['block_16_project_BN', 'Conv_1', 'Conv_1_bn']);
    const headLayer = (model.getLayer('head') as unknown as tf.LayersModel).layers[0]?.name;
    const trainable = model.trainableWeights.map((w) => w.originalName);
    expect(new Set(trainable.map((n) => n.split('/')[0]))).toEqual(new Set([...lastThree, headLayer]));

    const snapshot = () => new Map(model.weights.map((w) => [w.originalName, w.read().dataSync().slice()]));
    const start = snapshot();
    const set = digitSet([0, 1], 2);
    const x = bytesToBatch(set.pixels, [28, 28, 1], set.count);
    const y = tf.oneHot(tf.tensor1d(Array.from(set.labels), 'int32'), 2);
    const optimizer = tf.train.sgd(0.5);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = () => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), false, variables);
    step();
    const end = snapshot();
    const changed = [...start].filter(([name, v]) => (end.get(name) as Float32Array).some((e, i) => e !== v[i])).map(([name]) => name);
    // Batch-norm moving statistics stay as pretrained: the trunk's batch norm runs in inference mode.
    expect(changed.sort()).toEqual([...trainable].sort());
    const afterOne = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(afterOne);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('resizes with the same weights as tf.image.resizeBilinear (corners aligned)', () => {
    const image = tf.tensor4d(Float32Array.from({ length: 5 * 7 }, (_, i) => Math.sin(i) * 3), [1, 5, 7, 1]);
    const expected = tf.image.resizeBilinear(image, [11, 4], true);
    const byMatrix = tf.tidy(() => {
      const rows = tf.tensor2d(interpolationMatrix(5, 11), [5, 11]);
      const cols = tf.tensor2d(interpolationMatrix(7, 4), [7, 4]);
      return rows.transpose().matMul(image.reshape([5, 7])).matMul(cols);
    });
    const diff = tf.tidy(() => tf.max(tf.abs(byMatrix.sub(expected.reshape([11, 4])))).dataSync()[0]);
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([image, expected, byMatrix]);
  });
});
