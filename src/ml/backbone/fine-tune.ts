// A Layers backbone made trainable end to end: dataset-shaped images → resize → rescale → trunk, all but its last
// K weight-carrying layers frozen → a head built from layer specs. Trained like any model (model.apply with
// training: true over model.trainableWeights).
import * as tf from '@tensorflow/tfjs';
import type { BackboneRecord } from '../../core/backbone';
import type { LayerSpec } from '../../core/model-spec';
import type { ImageShape } from '../../core/types';
import { buildModel } from '../build-model';
import { imageInputToBackbone } from './backbone-layers-input';
import { loadLayersTrunk } from './load-backbone';

/** The trunk's name inside fine-tuned and composed models; the head follows it. */
export const TRUNK_NAME = 'backbone';
export const HEAD_NAME = 'head';

/** Layers backbones only: dataset-shaped input → resize → rescale → trunk (all but the last K weight layers frozen) → head. */
export async function buildFineTuneModel(
  record: BackboneRecord, trainable: number, head: LayerSpec[], shape: ImageShape, classes: number, seed: number,
): Promise<tf.LayersModel> {
  const trunk = await loadLayersTrunk(record);
  freezeAllButLast(trunk, trainable);
  const headModel = buildModel(head, [record.featureSize], classes, seed);
  return assemble(record, trunk, headModel, shape);
}

/** images → trunk → head as one functional model (trunk and head nested, sharing the given layers' weights). */
export function assemble(record: BackboneRecord, trunk: tf.LayersModel, headModel: tf.LayersModel, shape: ImageShape): tf.LayersModel {
  const { input, x } = imageInputToBackbone(shape, record);
  trunk.name = TRUNK_NAME;
  headModel.name = HEAD_NAME;
  const features = trunk.apply(x) as tf.SymbolicTensor;
  const probs = headModel.apply(features) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: probs, name: 'classifier' });
}

/**
 * Freezes every weight-carrying trunk layer but the last `trainable`, and keeps batch normalisation in inference
 * mode (its moving statistics as pretrained), as Keras advises for fine-tuning: small batches of a new dataset
 * would otherwise replace statistics learnt on millions of photos.
 */
export function freezeAllButLast(trunk: tf.LayersModel, trainable: number): void {
  const weighted = trunk.layers.filter((l) => l.weights.length > 0);
  const firstTrainable = weighted.length - Math.max(0, Math.min(weighted.length, Math.floor(trainable)));
  weighted.forEach((layer, i) => {
    layer.trainable = i >= firstTrainable;
  });
  for (const layer of trunk.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const call = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
  }
}
