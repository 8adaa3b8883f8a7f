// Model spec (layers as data) → tf.LayersModel.
import * as tf from '@tensorflow/tfjs';
import { checkSpec, resolveUnits, type LayerSpec } from '../core/model-spec';
import type { ImageShape } from '../core/types';

export type FlatShape = readonly [features: number];
import { dropoutOnDevice } from './device-dropout';
import { fuseBiasAndActivation } from './fused-activation';

export interface BuildOptions {
  /** Run Dense and Conv2D bias and activation inside their kernel in training too (default); false: tfjs's layers as they are. */
  fusedActivations?: boolean;
  /** Draw dropout's random mask on the GPU in training on WebGPU (default); false: tfjs's dropout, drawn on the host. */
  deviceDropout?: boolean;
}

/** `shape` is a dataset's image shape [h, w, c], or [featureSize] for a head trained on a backbone's features. */
export function buildModel(layers: readonly LayerSpec[], shape: ImageShape | FlatShape, classes: number, seed = 1, options: BuildOptions = {}): tf.Sequential {
  const check = checkSpec(layers, shape, classes);
  if (!check.ok) throw new Error(`The model does not fit this dataset: ${check.errors.join('; ')}`);
  const model = tf.sequential();
  layers.forEach((layer, i) => {
    const first = i === 0 ? { inputShape: [...shape] } : {};
    const init = { kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }) };
    const built = toLayer(layer, classes, first, init);
    if ((options.fusedActivations ?? true) && (layer.type === 'dense' || layer.type === 'conv2d')) {
      fuseBiasAndActivation(built, layer.type, layer.activation ?? 'linear');
    }
    if ((options.deviceDropout ?? true) && layer.type === 'dropout') dropoutOnDevice(built, layer.rate);
    model.add(built);
  });
  return model;
}

function toLayer(
  layer: LayerSpec,
  classes: number,
  first: { inputShape?: number[] },
  init: { kernelInitializer: ReturnType<typeof tf.initializers.glorotUniform> },
): tf.layers.Layer {
  switch (layer.type) {
    case 'conv2d':
      return tf.layers.conv2d({
        ...first, ...init, filters: resolveUnits(layer.filters, classes), kernelSize: layer.kernelSize,
        strides: layer.strides ?? 1, padding: layer.padding ?? 'valid', activation: layer.activation ?? 'linear',
      });
    case 'separableConv2d':
      return tf.layers.separableConv2d({
        ...first, depthwiseInitializer: init.kernelInitializer, pointwiseInitializer: init.kernelInitializer, filters: resolveUnits(layer.filters, classes), kernelSize: layer.kernelSize,
        strides: layer.strides ?? 1, padding: layer.padding ?? 'valid', activation: layer.activation ?? 'linear',
      });
    case 'maxPooling2d':
      return tf.layers.maxPooling2d({ ...first, poolSize: layer.poolSize, strides: layer.strides ?? layer.poolSize });
    case 'globalAveragePooling2d':
      return tf.layers.globalAveragePooling2d({ ...first });
    case 'batchNormalization':
      return tf.layers.batchNormalization({ ...first });
    case 'dropout':
      return tf.layers.dropout({ ...first, rate: layer.rate });
    case 'flatten':
      return tf.layers.flatten({ ...first });
    case 'dense':
      return tf.layers.dense({ ...first, ...init, units: resolveUnits(layer.units, classes), activation: layer.activation ?? 'linear' });
    case 'activation':
      return tf.layers.activation({ ...first, activation: layer.activation });
  }
}
