// A tfjs model as the files a user downloads: model.json text (weights manifest pointing at one shard) and the
// shard's bytes; and a LayersModel saved into that shape in memory.
import * as tf from '@tensorflow/tfjs';
import type { LayersArtifacts } from '../../core/model-artifacts';

/** The shard name tfjs's converter gives a one-shard model, so the files look as tfjs users expect. */
export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface ModelJsonFiles {
  modelJson: string;
  weights: Uint8Array;
}

export async function saveLayersModel(model: tf.LayersModel): Promise<LayersArtifacts> {
  let saved: LayersArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = a.weightData;
      const weightData = data instanceof ArrayBuffer ? data : tf.io.concatenateArrayBuffers(data ?? []);
      saved = { modelTopology: a.modelTopology, weightSpecs: a.weightSpecs ?? [], weightData, format: 'layers-model', generatedBy: a.generatedBy ?? 'Trainyard', convertedBy: null };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  if (!saved) throw new Error('the model did not save');
  return saved;
}

export function layersModelFiles(a: LayersArtifacts): ModelJsonFiles {
  const json = {
    format: 'layers-model',
    generatedBy: a.generatedBy ?? 'Trainyard',
    convertedBy: a.convertedBy ?? null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: a.weightSpecs }],
  };
  return { modelJson: JSON.stringify(json), weights: new Uint8Array(a.weightData) };
}

/** Stored Layers artifacts back into a model. */
export function loadLayersArtifacts(a: LayersArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[], weightData: a.weightData,
  }));
}
