// A stored model as the tfjs Layers format on disk: `model.json` (topology and weights manifest) and one
// binary weight shard, which `tf.loadLayersModel` loads from a folder or a server.
import type { ArtifactRecord } from '../storage/db';

export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface ModelFiles {
  modelJson: string;
  weights: Uint8Array;
}

export function modelFiles(artifacts: ArtifactRecord): ModelFiles {
  const json = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'Trainyard',
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
  };
  return { modelJson: JSON.stringify(json), weights: new Uint8Array(artifacts.weightData) };
}
