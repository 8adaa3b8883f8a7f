// A Graph backbone and a head trained on its features as one graph model.json: the backbone's nodes up to the
// feature node (the original classifier dropped), the head's layers appended as nodes with their weights as
// Const nodes, and nodes before the trunk that take dataset-shaped images in [0, 1] (grey → RGB, resize, rescale).
import * as tf from '@tensorflow/tfjs';
import type { BackboneRecord } from '../../core/backbone';
import { concatBytes } from '../../core/bytes';
import { readManifest } from '../../core/backbone-weights';
import type { ImageShape } from '../../core/types';
import { ALIGN_CORNERS } from './backbone-input';
import { attrs, dims, GraphBuilder, type GraphDefNode } from './graph-nodes';
import { WEIGHTS_FILE, type ModelJsonFiles } from './model-json';

const PREFIX = 'trainyard';
const OUTPUT = 'probabilities';

export async function exportGraphWithHead(record: BackboneRecord, head: tf.LayersModel, shape: ImageShape): Promise<ModelJsonFiles> {
  const topology = record.artifacts.modelTopology as { node: GraphDefNode[]; versions?: unknown; library?: unknown };
  const trunk = ancestorsOf(topology.node, record.featureLayer);
  const inputName = trunk.find((n) => n.op === 'Placeholder')?.name;
  if (!inputName) throw new Error(`${record.name}: no input node before ${record.featureLayer}`);
  const b = new GraphBuilder(PREFIX);
  const images = dataShapedInput(b, record, shape);
  const nodes = trunk.map((n) => (n.name === inputName ? { name: inputName, op: 'Identity', input: [images], attr: { T: { type: 'DT_FLOAT' } } } : n));
  let x = record.featureLayer;
  for (const [i, layer] of head.layers.entries()) x = await appendLayer(b, `head_${i}`, layer, x);
  b.nodes.push({ name: OUTPUT, op: 'Identity', input: [x], attr: { T: { type: 'DT_FLOAT' } } });

  const kept = keptWeights(record, new Set(trunk.map((n) => n.name)));
  const classes = head.outputs[0]?.shape[1] ?? -1;
  const signature = {
    inputs: { 'images:0': { name: 'images:0', dtype: 'DT_FLOAT', tensorShape: dims([-1, ...shape]) } },
    outputs: { [`${OUTPUT}:0`]: { name: `${OUTPUT}:0`, dtype: 'DT_FLOAT', tensorShape: dims([-1, classes]) } },
  };
  const weights = concatBytes([...kept.chunks, ...b.chunks]);
  const json = {
    format: 'graph-model',
    generatedBy: 'Trainyard',
    convertedBy: 'Trainyard (backbone + head)',
    modelTopology: { node: [...nodes, ...b.nodes], ...(topology.versions ? { versions: topology.versions } : {}) },
    signature,
    userDefinedMetadata: { signature, pixelRange: { min: 0, max: 1 }, backbone: { name: record.name, id: record.id, featureLayer: record.featureLayer } },
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: [...kept.specs, ...b.specs] }],
  };
  return { modelJson: JSON.stringify(json), weights };
}

/** The nodes the feature node depends on, in their order in the graph. */
function ancestorsOf(nodes: readonly GraphDefNode[], target: string): GraphDefNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const keep = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const name = stack.pop() as string;
    if (keep.has(name)) continue;
    keep.add(name);
    for (const i of byName.get(name)?.input ?? []) stack.push(i.replace(/^\^/, '').replace(/:\d+$/, ''));
  }
  return nodes.filter((n) => keep.has(n.name));
}

/** An `images` placeholder at the dataset's shape, made into what the trunk's input expects. */
function dataShapedInput(b: GraphBuilder, record: BackboneRecord, shape: ImageShape): string {
  const [h, w, c] = shape;
  b.nodes.push({ name: 'images', op: 'Placeholder', attr: attrs.placeholder([-1, h, w, c]) });
  let x = 'images';
  if (c === 1) x = b.op('grey_to_rgb', 'ConcatV2', [x, x, x, b.constant('rgb_axis', [], Int32Array.of(3))], attrs.concat(3));
  const { width, height } = record.inputSize;
  if (h !== height || w !== width) x = b.op('resize', 'ResizeBilinear', [x, b.constant('size', [2], Int32Array.of(height, width))], attrs.resizeBilinear(ALIGN_CORNERS));
  const { min, max } = record.pixelRange;
  if (min !== 0 || max !== 1) {
    x = b.op('rescale/mul', 'Mul', [x, b.constant('rescale/scale', [], Float32Array.of(max - min))]);
    x = b.op('rescale/add', 'AddV2', [x, b.constant('rescale/offset', [], Float32Array.of(min))]);
  }
  return x;
}

async function appendLayer(b: GraphBuilder, name: string, layer: tf.layers.Layer, x: string): Promise<string> {
  const kind = layer.getClassName();
  const config = layer.getConfig();
  const values = await Promise.all(layer.getWeights().map(async (w) => ({ shape: w.shape, data: (await w.data()) as Float32Array })));
  switch (kind) {
    case 'Dropout':
    case 'Flatten':
      return x;
    case 'Activation':
      return b.activation(name, x, String(config.activation));
    case 'Dense': {
      const [kernel, bias] = values;
      if (!kernel) throw new Error(`head layer ${layer.name} has no kernel`);
      let y = b.matMul(`${name}/MatMul`, x, b.constant(`${name}/kernel`, kernel.shape, kernel.data));
      if (bias) y = b.biasAdd(`${name}/BiasAdd`, y, b.constant(`${name}/bias`, bias.shape, bias.data));
      return b.activation(name, y, String(config.activation ?? 'linear'));
    }
    case 'BatchNormalization':
      return foldBatchNorm(b, name, layer, values.map((v) => v.data), x);
    default:
      throw new Error(`head layer ${layer.name} (${kind}) cannot follow a graph backbone's feature vector`);
  }
}

/** Inference batch norm as x · scale + shift, folded from gamma, beta, moving mean and variance. */
function foldBatchNorm(b: GraphBuilder, name: string, layer: tf.layers.Layer, weights: Float32Array[], x: string): string {
  const config = layer.getConfig();
  const epsilon = Number(config.epsilon ?? 1e-3);
  const [gamma, beta, mean, variance] = config.scale === false || config.center === false ? [] : weights;
  if (!gamma || !beta || !mean || !variance) throw new Error(`head layer ${layer.name}: batch normalisation without scale and centre is not exported`);
  const scale = gamma.map((g, i) => g / Math.sqrt((variance[i] as number) + epsilon));
  const shift = beta.map((v, i) => v - (mean[i] as number) * (scale[i] as number));
  const y = b.op(`${name}/mul`, 'Mul', [x, b.constant(`${name}/scale`, [scale.length], scale)]);
  return b.op(`${name}/add`, 'AddV2', [y, b.constant(`${name}/shift`, [shift.length], shift)]);
}

/** The backbone's stored weights (quantized as stored) of the nodes kept, sliced out in manifest order. */
function keptWeights(record: BackboneRecord, nodes: ReadonlySet<string>): { specs: unknown[]; chunks: Uint8Array[] } {
  const { groups } = readManifest([{ paths: [], weights: record.artifacts.weightSpecs }]);
  const data = new Uint8Array(record.artifacts.weightData);
  const specs: unknown[] = [];
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const w of groups[0]?.weights ?? []) {
    if (nodes.has(w.name)) {
      specs.push(w.spec);
      chunks.push(data.subarray(at, at + w.bytes));
    }
    at += w.bytes;
  }
  return { specs, chunks };
}

