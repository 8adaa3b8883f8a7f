// A trained model as plain data: the tfjs topology and its weights in one buffer. Stored, checkpointed,
// exported and imported in this one shape. Most are Layers models; a run on a graph-model backbone ends as a
// graph model (`format: 'graph-model'`), and a backbone run keeps its head alone beside the whole model.

export interface LayersArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  /** Graph models: their inputs and outputs by name. */
  signature?: unknown;
  userDefinedMetadata?: unknown;
  /** A backbone run: the head alone, as a Layers model on the feature vector. */
  head?: LayersArtifacts;
}

/** A model.json's text and its one weights buffer → artifacts (the manifest's shards are taken as one, in order). */
export function artifactsFromModelJson(modelJson: string, weights: Uint8Array): LayersArtifacts {
  const json = JSON.parse(modelJson) as {
    modelTopology: unknown; weightsManifest?: { weights: unknown[] }[]; format?: string; generatedBy?: string; convertedBy?: string | null;
    signature?: unknown; userDefinedMetadata?: unknown;
  };
  const weightData = weights.byteOffset === 0 && weights.byteLength === weights.buffer.byteLength ? (weights.buffer as ArrayBuffer) : weights.slice().buffer;
  return {
    modelTopology: json.modelTopology,
    weightSpecs: (json.weightsManifest ?? []).flatMap((group) => group.weights),
    weightData,
    ...(json.format !== undefined ? { format: json.format } : {}),
    ...(json.generatedBy !== undefined ? { generatedBy: json.generatedBy } : {}),
    ...(json.convertedBy !== undefined ? { convertedBy: json.convertedBy } : {}),
    ...(json.signature !== undefined ? { signature: json.signature } : {}),
    ...(json.userDefinedMetadata !== undefined ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
  };
}
