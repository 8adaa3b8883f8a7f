// A trained model as plain data: the tfjs Layers topology and its weights in one buffer. Stored, checkpointed,
// exported and imported in this one shape.

export interface LayersArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}
