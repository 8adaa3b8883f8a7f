// A stored model as tfjs files on disk: `model.json` (topology and weights manifest) and one binary weight
// shard, which `tf.loadLayersModel` (or `tf.loadGraphModel`, for a run on a graph-model backbone) loads.
import type { LayersArtifacts } from '../core/model-artifacts';

export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface ModelFiles {
  modelJson: string;
  weights: Uint8Array;
}

export function modelFiles(artifacts: LayersArtifacts): ModelFiles {
  const json = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'Trainyard',
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    // Graph models name their inputs and outputs here.
    ...(artifacts.signature !== undefined ? { signature: artifacts.signature } : {}),
    ...(artifacts.userDefinedMetadata !== undefined ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  return { modelJson: JSON.stringify(json), weights: new Uint8Array(artifacts.weightData) };
}
