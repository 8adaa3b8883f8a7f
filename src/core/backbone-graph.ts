// A tfjs Graph model.json (a GraphDef as JSON, as the TF.js converter writes it) read without tfjs: the image
// input, and the nodes whose output is a pooled feature vector, with sizes taken from the weights' declared shapes.
import { isRecord } from './backbone-weights';
import type { FeatureCandidate } from './backbone-layers';

export interface GraphNode {
  name: string;
  op: string;
  /** Data inputs by node name (":1" output suffixes and "^control" inputs removed). */
  inputs: string[];
  attr: Record<string, unknown>;
}

const MATMUL = new Set(['MatMul', '_FusedMatMul', 'BatchMatMul', 'BatchMatMulV2']);
const POOLED_OPS = new Set(['Squeeze', 'Reshape', 'Mean']);

export function readGraphNodes(modelTopology: unknown): GraphNode[] | string {
  if (!isRecord(modelTopology) || !Array.isArray(modelTopology.node)) return 'modelTopology has no node list';
  const nodes: GraphNode[] = [];
  for (const raw of modelTopology.node as unknown[]) {
    if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.op !== 'string') return 'a graph node has no name or op';
    const inputs = (Array.isArray(raw.input) ? raw.input : [])
      .filter((i): i is string => typeof i === 'string' && !i.startsWith('^'))
      .map((i) => i.replace(/:\d+$/, ''));
    nodes.push({ name: raw.name, op: raw.op, inputs, attr: isRecord(raw.attr) ? raw.attr : {} });
  }
  return nodes;
}

/** Dimensions of a `{dim: [{size: "-1"}, …]}` shape as numbers. */
export function dimsOf(tensorShape: unknown): number[] | undefined {
  if (!isRecord(tensorShape)) return undefined;
  if (!Array.isArray(tensorShape.dim)) return tensorShape.unknownRank ? undefined : [];
  return tensorShape.dim.map((d: unknown) => (isRecord(d) ? Number(d.size ?? -1) : -1));
}

/** The graph's inputs: from the signature when there is one, else its Placeholders. */
export function graphInputs(nodes: readonly GraphNode[], signature: unknown): { name: string; shape: number[] | undefined }[] {
  if (isRecord(signature) && isRecord(signature.inputs)) {
    return Object.values(signature.inputs).flatMap((s) =>
      isRecord(s) && typeof s.name === 'string' ? [{ name: s.name.replace(/:\d+$/, ''), shape: dimsOf(s.tensorShape) }] : [],
    );
  }
  return nodes
    .filter((n) => n.op === 'Placeholder')
    .map((n) => ({ name: n.name, shape: isRecord(n.attr.shape) ? dimsOf(n.attr.shape.shape) : undefined }));
}

/** Best first: the node that feeds the classifier's first MatMul, TF Hub `feature_vector` nodes, then global pooling. */
export function graphFeatureCandidates(nodes: readonly GraphNode[]): FeatureCandidate[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const channels = channelCounter(byName);
  const out: FeatureCandidate[] = [];
  const add = (name: string, size: number | undefined, reason: string) => {
    const known = out.find((c) => c.name === name);
    if (known) known.reason += `; ${reason}`;
    else if (size !== undefined && size > 0) out.push({ name, size, reason });
  };
  const firstMatMul = nodes.find((n) => MATMUL.has(n.op) && !hasAncestor(n, byName, (a) => MATMUL.has(a.op)));
  if (firstMatMul) {
    const feed = firstMatMul.inputs[0] ?? '';
    const kernel = byName.get(firstMatMul.inputs[1] ?? '');
    const dims = kernel ? constDims(kernel) : undefined;
    const transposed = isRecord(firstMatMul.attr.transpose_b) && firstMatMul.attr.transpose_b.b === true;
    add(feed, dims?.[transposed ? 1 : 0] ?? channels(feed), `the vector that feeds the classifier (${firstMatMul.name})`);
  }
  for (const n of nodes) {
    if (n.name.includes('feature_vector/') && POOLED_OPS.has(n.op)) add(n.name, channels(n.name), 'a TF Hub feature_vector output');
  }
  for (const n of [...nodes].reverse()) {
    const pooledInput = byName.get(n.inputs[0] ?? '')?.op;
    if ((n.op === 'Mean' && !keepsDims(n)) || ((n.op === 'Squeeze' || n.op === 'Reshape') && (pooledInput === 'AvgPool' || pooledInput === 'Mean'))) {
      add(n.name, channels(n.name), `global pooling (${n.op}${pooledInput && n.op !== 'Mean' ? ` of ${pooledInput}` : ''})`);
    }
  }
  return out;
}

function keepsDims(n: GraphNode): boolean {
  const k = n.attr.keep_dims ?? n.attr.keepDims;
  return isRecord(k) && k.b === true;
}

export function constDims(n: GraphNode): number[] | undefined {
  const value = n.attr.value;
  return n.op === 'Const' && isRecord(value) && isRecord(value.tensor) ? dimsOf(value.tensor.tensorShape) : undefined;
}

function hasAncestor(node: GraphNode, byName: ReadonlyMap<string, GraphNode>, test: (n: GraphNode) => boolean): boolean {
  const seen = new Set<string>();
  const stack = [...node.inputs];
  while (stack.length) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const n = byName.get(name);
    if (!n) continue;
    if (test(n)) return true;
    stack.push(...n.inputs);
  }
  return false;
}

/** Channels (last dimension) of a node's output, followed back through the graph to a weight's declared shape. */
function channelCounter(byName: ReadonlyMap<string, GraphNode>): (name: string) => number | undefined {
  const memo = new Map<string, number | undefined>();
  const of = (name: string, depth: number): number | undefined => {
    if (memo.has(name)) return memo.get(name);
    const n = byName.get(name);
    if (!n || depth > 2000) return undefined;
    memo.set(name, undefined);
    const weight = byName.get(n.inputs[1] ?? '');
    const w = weight ? constDims(weight) : undefined;
    let c: number | undefined;
    if (n.op === 'Const') c = constDims(n)?.at(-1);
    else if (n.op === 'Placeholder') c = isRecord(n.attr.shape) ? dimsOf(n.attr.shape.shape)?.at(-1) : undefined;
    else if (n.op.includes('Conv2D') && !n.op.includes('Depthwise')) c = w?.[3];
    else if (n.op.includes('Depthwise')) c = (of(n.inputs[0] ?? '', depth + 1) ?? NaN) * (w?.[3] ?? NaN);
    else if (MATMUL.has(n.op)) c = w?.[isRecord(n.attr.transpose_b) && n.attr.transpose_b.b === true ? 0 : 1];
    else if (n.op === 'ConcatV2') c = n.inputs.slice(0, -1).reduce((s, i) => s + (of(i, depth + 1) ?? NaN), 0);
    else c = of(n.inputs[0] ?? '', depth + 1);
    const known = c !== undefined && Number.isFinite(c) && c > 0 ? c : undefined;
    memo.set(name, known);
    return known;
  };
  return (name) => of(name, 0);
}
