// A tfjs Layers model.json (Keras 2.x config, as the TF.js converter writes it) read without tfjs: its layers in
// topological order with their inputs and inferred output shapes, the image input, and where the feature vector is.
import { isRecord, findWeight, type WeightGroup } from './backbone-weights';
import { layerOutputShape, type Shape } from './backbone-layer-shapes';

export interface KerasLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  inputs: string[];
  shape: Shape | undefined;
}

export interface FeatureCandidate {
  name: string;
  size: number;
  reason: string;
}

const WEIGHTED = new Set([
  'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense', 'BatchNormalization',
  'LayerNormalization', 'PReLU', 'Embedding',
]);
/** Layers that pass values through unchanged at inference, so a feature vector can be read before them. */
const INFERENCE_IDENTITY = new Set(['Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization']);
const POOLED = new Set(['Flatten', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'GlobalAveragePooling1D', 'Reshape']);
const NESTED = new Set(['Model', 'Functional', 'Sequential']);

/** The model's layers, or a reason it is not a Keras model tfjs can load. */
export function readKerasLayers(modelTopology: unknown): KerasLayer[] | string {
  const top = isRecord(modelTopology) && isRecord(modelTopology.model_config) ? modelTopology.model_config : modelTopology;
  if (!isRecord(top) || typeof top.class_name !== 'string') return 'modelTopology has no Keras class_name';
  if (NESTED.has(top.class_name) === false) return `modelTopology is a ${top.class_name}, not a Model, Functional or Sequential`;
  const config = top.config;
  const rawLayers = Array.isArray(config) ? config : isRecord(config) && Array.isArray(config.layers) ? config.layers : undefined;
  if (!rawLayers) return 'modelTopology has no layers';
  const sequential = top.class_name === 'Sequential';
  const layers: KerasLayer[] = [];
  const byName = new Map<string, KerasLayer>();
  for (const [i, raw] of rawLayers.entries()) {
    if (!isRecord(raw) || typeof raw.class_name !== 'string' || !isRecord(raw.config)) return `layer ${i + 1} has no class_name or config`;
    const name = typeof raw.name === 'string' ? raw.name : typeof raw.config.name === 'string' ? raw.config.name : `layer_${i}`;
    const prev = layers[layers.length - 1];
    const inputs = sequential ? (prev ? [prev.name] : []) : inboundNames(raw.inbound_nodes);
    if (NESTED.has(raw.class_name)) return `layer ${name} is a nested model; import a model whose layers are not nested`;
    const inputShapes = inputs.map((n) => byName.get(n)?.shape);
    let shape: Shape | undefined;
    if (inputs.length === 0) shape = declaredInputShape(raw.config);
    else shape = layerOutputShape(raw.class_name, raw.config, inputShapes);
    const layer = { name, className: raw.class_name, config: raw.config, inputs, shape };
    layers.push(layer);
    byName.set(name, layer);
  }
  return layers;
}

/** Keras 2 `[[[name, node, tensor, kwargs], …]]`; Keras 3 `[{args: [{config: {keras_history: [name, …]}}]}]`. */
function inboundNames(nodes: unknown): string[] {
  if (!Array.isArray(nodes) || nodes.length === 0) return [];
  const first: unknown = nodes[0];
  if (Array.isArray(first)) return first.flatMap((t) => (Array.isArray(t) && typeof t[0] === 'string' ? [t[0]] : []));
  const names: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) {
      const history = isRecord(v.config) ? v.config.keras_history : undefined;
      if (Array.isArray(history) && typeof history[0] === 'string') names.push(history[0]);
      else Object.values(v).forEach(visit);
    }
  };
  visit(first);
  return names;
}

function declaredInputShape(config: Record<string, unknown>): Shape | undefined {
  const s = config.batch_input_shape ?? config.batch_shape;
  if (!Array.isArray(s)) return undefined;
  return s.slice(1).map((d) => (typeof d === 'number' ? d : -1));
}

/** Best first: what feeds the classifier's first Dense, then every pooled or flattened layer, latest first. */
export function kerasFeatureCandidates(layers: readonly KerasLayer[], groups: readonly WeightGroup[]): FeatureCandidate[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const out: FeatureCandidate[] = [];
  const firstDense = layers.find((l) => l.className === 'Dense' && (l.shape?.length ?? 1) === 1);
  if (firstDense) {
    let feed = byName.get(firstDense.inputs[0] ?? '');
    while (feed && INFERENCE_IDENTITY.has(feed.className)) feed = byName.get(feed.inputs[0] ?? '');
    const kernel = weightOf(groups, firstDense.name, 'kernel');
    const size = feed?.shape?.length === 1 ? feed.shape[0] : kernel?.shape[0];
    if (feed && size !== undefined && size > 0) {
      out.push({ name: feed.name, size, reason: `the flat vector that feeds the classifier (${firstDense.name})` });
    }
  }
  for (const l of [...layers].reverse()) {
    if (!POOLED.has(l.className) || l.shape?.length !== 1 || out.some((c) => c.name === l.name)) continue;
    const size = l.shape[0] as number;
    if (size > 0) out.push({ name: l.name, size, reason: `${l.className} output (${size} values)` });
  }
  return out;
}

function weightOf(groups: readonly WeightGroup[], layer: string, what: string) {
  const direct = findWeight(groups, `${layer}/${what}`);
  if (direct) return direct;
  for (const g of groups) for (const w of g.weights) if (w.name.endsWith(`/${layer}/${what}`)) return w;
  return undefined;
}

/** Weight-carrying layers from the input up to and including `feature` (the range of "last K trainable"). */
export function kerasTrunkLayers(layers: readonly KerasLayer[], feature: string): number {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const seen = new Set<string>();
  const stack = [feature];
  while (stack.length) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const i of byName.get(name)?.inputs ?? []) stack.push(i);
  }
  return layers.filter((l) => seen.has(l.name) && WEIGHTED.has(l.className)).length;
}

export function isWeightedKerasLayer(className: string): boolean {
  return WEIGHTED.has(className);
}
