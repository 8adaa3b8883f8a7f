// Pretrained backbones as data: what is stored for one, and the check of a user's model.json and weight files
// (format, image input, weight bytes, sane sizes, where the feature vector is) before anything is allocated.
import { checkWeightFiles, countParams, isRecord, readManifest } from './backbone-weights';
import { kerasFeatureCandidates, kerasTrunkLayers, readKerasLayers, type FeatureCandidate } from './backbone-layers';
import { graphFeatureCandidates, graphInputs, readGraphNodes } from './backbone-graph';

export type { FeatureCandidate } from './backbone-layers';
export type BackboneFormat = 'layers' | 'graph';
export interface PixelRange {
  min: number;
  max: number;
}
/** A tfjs model as stored: what tf.io.fromMemory takes (weights of all shards concatenated in manifest order). */
export interface BackboneArtifacts {
  format: BackboneFormat;
  modelTopology: unknown;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
  signature?: unknown;
  userDefinedMetadata?: unknown;
  modelInitializer?: unknown;
}
export interface BackboneInfo {
  /** Content id (core/hash.ts) of model.json text + weight bytes. */
  id: string;
  name: string;
  format: BackboneFormat;
  inputSize: { width: number; height: number };
  /** From the model's metadata when present, else the stated default [0, 1] the user can change. */
  pixelRange: PixelRange;
  /** Layers: layer name; Graph: node name. */
  featureLayer: string;
  featureSize: number;
  /** Best first; featureLayer is one of them. */
  featureCandidates: FeatureCandidate[];
  /** Layers: weight-carrying layers up to the feature layer (the range of "last K trainable"); 0 for Graph. */
  trunkLayers: number;
  params: number;
  bytes: number;
  createdAt: number;
  source?: { licence: string; provenance: string; builtIn: boolean };
}
export interface BackboneRecord extends BackboneInfo {
  artifacts: BackboneArtifacts;
}

export type BackboneInspection =
  | {
      ok: true;
      format: BackboneFormat;
      inputSize: { width: number; height: number };
      featureCandidates: FeatureCandidate[];
      trunkLayersOf(featureLayer: string): number;
      params: number;
      /** Weight bytes the manifest declares (all groups). */
      bytes: number;
      /** Every weights file the manifest lists, in manifest order (the order their bytes are concatenated in). */
      weightPaths: string[];
      pixelRange: PixelRange;
      /** Things a person should know that are not errors, e.g. that the pixel range is a default. */
      notes: string[];
    }
  | { ok: false; errors: string[] };

/** Sizes past which a model.json is refused before anything is allocated. */
export const BACKBONE_LIMITS = { params: 200_000_000, inputSize: 1024, nodes: 50_000 } as const;
export const DEFAULT_PIXEL_RANGE: PixelRange = { min: 0, max: 1 };

/** Checks a model.json (parsed) against the weight files given (name → byte length) before anything is allocated. */
export function inspectBackbone(modelJson: unknown, weightFiles: ReadonlyMap<string, number>): BackboneInspection {
  if (!isRecord(modelJson) || !isRecord(modelJson.modelTopology) || !('weightsManifest' in modelJson)) {
    return { ok: false, errors: ['not a TensorFlow.js model: model.json needs "modelTopology" and "weightsManifest"'] };
  }
  const manifest = readManifest(modelJson.weightsManifest);
  if (manifest.errors.length) return { ok: false, errors: manifest.errors };
  const params = countParams(manifest.groups);
  const bytes = manifest.groups.reduce((n, g) => n + g.bytes, 0);
  if (params > BACKBONE_LIMITS.params) {
    return { ok: false, errors: [`the model declares ${params.toLocaleString('en')} parameters; at most ${BACKBONE_LIMITS.params.toLocaleString('en')} are accepted`] };
  }
  const fileErrors = checkWeightFiles(manifest.groups, weightFiles);
  const graph = modelJson.format === 'graph-model' || Array.isArray(modelJson.modelTopology.node);
  const found = graph ? inspectGraph(modelJson) : inspectLayers(modelJson.modelTopology, manifest.groups);
  const errors = [...('error' in found ? [found.error] : []), ...fileErrors];
  if ('error' in found || errors.length) return { ok: false, errors };
  const { shape, candidates, trunkLayersOf } = found;
  const [height = -1, width = -1, channels = -1] = shape;
  const imageErrors: string[] = [];
  if (shape.length !== 3 || channels !== 3) imageErrors.push(`no image input (input shape [null, ${shape.join(', ')}]; a backbone takes [null, height, width, 3])`);
  else if (!(height > 0 && width > 0)) imageErrors.push(`the input size is open ([null, ${shape.join(', ')}]); a backbone needs a fixed height and width`);
  else if (height > BACKBONE_LIMITS.inputSize || width > BACKBONE_LIMITS.inputSize) imageErrors.push(`the input is ${width}×${height}; at most ${BACKBONE_LIMITS.inputSize}×${BACKBONE_LIMITS.inputSize} is accepted`);
  if (imageErrors.length) return { ok: false, errors: imageErrors };
  if (candidates.length === 0) return { ok: false, errors: ['no feature vector found: no pooled or flattened layer feeds a classifier'] };
  const declared = pixelRangeOf(modelJson.userDefinedMetadata);
  return {
    ok: true,
    format: graph ? 'graph' : 'layers',
    inputSize: { width, height },
    featureCandidates: candidates,
    trunkLayersOf,
    params,
    bytes,
    weightPaths: manifest.groups.flatMap((g) => g.paths),
    pixelRange: declared ?? DEFAULT_PIXEL_RANGE,
    notes: declared ? [] : ['the model does not say which pixel range it expects; [0, 1] is assumed (change it if predictions look wrong)'],
  };
}

type Found = { shape: number[]; candidates: FeatureCandidate[]; trunkLayersOf(name: string): number } | { error: string };

function inspectLayers(topology: unknown, groups: Parameters<typeof kerasFeatureCandidates>[1]): Found {
  const layers = readKerasLayers(topology);
  if (typeof layers === 'string') return { error: `not a TensorFlow.js Layers model: ${layers}` };
  const inputs = layers.filter((l) => l.inputs.length === 0);
  if (inputs.length !== 1) return { error: `a backbone has one image input; this model has ${inputs.length} inputs` };
  return {
    shape: inputs[0]?.shape ?? [],
    candidates: kerasFeatureCandidates(layers, groups),
    trunkLayersOf: (name) => kerasTrunkLayers(layers, name),
  };
}

function inspectGraph(modelJson: Record<string, unknown>): Found {
  const nodes = readGraphNodes(modelJson.modelTopology);
  if (typeof nodes === 'string') return { error: `not a TensorFlow.js Graph model: ${nodes}` };
  if (nodes.length > BACKBONE_LIMITS.nodes) return { error: `the graph has ${nodes.length} nodes; at most ${BACKBONE_LIMITS.nodes} are accepted` };
  const meta = isRecord(modelJson.userDefinedMetadata) ? modelJson.userDefinedMetadata : {};
  const inputs = graphInputs(nodes, modelJson.signature ?? meta.signature);
  if (inputs.length !== 1) return { error: `a backbone has one image input; this graph has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')})` };
  return { shape: (inputs[0]?.shape ?? []).slice(1), candidates: graphFeatureCandidates(nodes), trunkLayersOf: () => 0 };
}

/** `pixelRange: {min, max}` or `inputRange: [min, max]` in userDefinedMetadata. */
function pixelRangeOf(meta: unknown): PixelRange | undefined {
  if (!isRecord(meta)) return undefined;
  const r = meta.pixelRange ?? meta.inputRange;
  const [min, max] = isRecord(r) ? [r.min, r.max] : Array.isArray(r) ? [r[0], r[1]] : [];
  return typeof min === 'number' && typeof max === 'number' && min < max ? { min, max } : undefined;
}
