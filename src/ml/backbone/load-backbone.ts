// A stored backbone brought into tfjs: its trunk (Layers: a model up to the feature layer; Graph: the graph run to
// the feature node) behind one `features` call that takes dataset images in [0, 1] at any size.
import * as tf from '@tensorflow/tfjs';
import type { BackboneArtifacts, BackboneInfo, BackboneRecord } from '../../core/backbone';
import { toBackboneInput } from './backbone-input';

export interface LoadedBackbone {
  info: BackboneInfo;
  /** [n, h, w, c] floats in [0, 1] at any size (grey is repeated to 3 channels) → [n, featureSize]; resize + rescale inside. */
  features(x: tf.Tensor4D): tf.Tensor2D;
  /** Parameters up to the feature layer (Layers); Graph: all the model's parameters. */
  trunkParams: number;
  dispose(): void;
}

/** What tf.io.fromMemory takes, from the stored artifacts. */
export function ioArtifacts(a: BackboneArtifacts): tf.io.ModelArtifacts {
  return {
    modelTopology: a.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[],
    weightData: a.weightData,
    format: a.format === 'graph' ? 'graph-model' : 'layers-model',
    ...(a.signature !== undefined ? { signature: a.signature as object } : {}),
    ...(a.userDefinedMetadata !== undefined ? { userDefinedMetadata: a.userDefinedMetadata as Record<string, object> } : {}),
    ...(a.modelInitializer !== undefined ? { modelInitializer: a.modelInitializer as object } : {}),
  };
}

/** Layers backbones: the model from its input to the feature layer; the stored model's other layers are disposed. */
export async function loadLayersTrunk(record: BackboneRecord): Promise<tf.LayersModel> {
  if (record.format !== 'layers') throw new Error(`${record.name} is a Graph model; this needs a Layers model`);
  const full = await tf.loadLayersModel(tf.io.fromMemory(ioArtifacts(record.artifacts)));
  let feature: tf.layers.Layer;
  try {
    feature = full.getLayer(record.featureLayer);
  } catch {
    full.dispose();
    throw new Error(`${record.name} has no layer named ${record.featureLayer}`);
  }
  const trunk = tf.model({ inputs: full.inputs, outputs: feature.output as tf.SymbolicTensor, name: 'backbone' });
  const kept = new Set(trunk.layers);
  for (const layer of full.layers) if (!kept.has(layer)) layer.dispose();
  return trunk;
}

export async function loadBackbone(record: BackboneRecord): Promise<LoadedBackbone> {
  const { artifacts: _artifacts, ...info } = record;
  const size = record.featureSize;
  const flat = (y: tf.Tensor): tf.Tensor2D => (y.rank === 2 ? (y as tf.Tensor2D) : y.reshape([y.shape[0] ?? -1, size]));
  if (record.format === 'layers') {
    const trunk = await loadLayersTrunk(record);
    return {
      info,
      features: (x) => tf.tidy(() => flat(trunk.predict(toBackboneInput(x, info)) as tf.Tensor)),
      trunkParams: trunk.countParams(),
      dispose: () => trunk.dispose(),
    };
  }
  const graph = await tf.loadGraphModel(tf.io.fromMemory(ioArtifacts(record.artifacts)));
  if (!graphHasNode(record.artifacts.modelTopology, record.featureLayer)) {
    graph.dispose();
    throw new Error(`${record.name} has no node named ${record.featureLayer}`);
  }
  return {
    info,
    features: (x) => tf.tidy(() => flat(graph.execute(toBackboneInput(x, info), record.featureLayer) as tf.Tensor)),
    trunkParams: record.params,
    dispose: () => graph.dispose(),
  };
}

function graphHasNode(topology: unknown, name: string): boolean {
  const nodes = (topology as { node?: unknown }).node;
  return Array.isArray(nodes) && nodes.some((n: unknown) => (n as { name?: unknown }).name === name);
}
