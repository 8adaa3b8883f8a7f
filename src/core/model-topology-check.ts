// A tfjs Layers topology someone hands us, checked before tfjs builds it: building allocates every weight a
// layer declares (a Dense layer claiming 1e8 units allocates its kernel at once), so every size a layer
// declares is held against sane limits and against the shapes in the weights manifest, which were budgeted.
import { formatCount } from './format';
import { formatSize, IMAGE_BYTES_LIMIT, LAYER_COUNT_LIMIT, LAYER_SIZE_LIMIT } from './input-budget';

export interface WeightShape { name: string; shape: readonly number[] }

interface Layer { className: string; name: string; config: Record<string, unknown> }

/** Config fields that declare a size (or a list of sizes) of a layer. */
const SIZE_FIELDS = ['units', 'filters', 'kernel_size', 'pool_size', 'strides', 'dilation_rate', 'depth_multiplier', 'input_dim', 'output_dim', 'size', 'n', 'target_shape', 'dims', 'padding', 'cropping', 'batch_input_shape', 'batch_shape', 'input_shape'];
/** How many kernel columns one unit takes in recurrent layers. */
const GATES: Record<string, number> = { Dense: 1, SimpleRNN: 1, GRU: 3, LSTM: 4 };

/** What is wrong with the topology, or undefined; `weights` is the manifest's list of weights. */
export function topologyProblem(topology: unknown, weights: readonly WeightShape[]): string | undefined {
  const layers: Layer[] = [];
  collectLayers(topology, layers);
  if (layers.length > LAYER_COUNT_LIMIT) return `it declares ${formatCount(layers.length)} layers, more than the ${formatCount(LAYER_COUNT_LIMIT)} allowed`;
  for (const layer of layers) {
    const problem = sizeProblem(layer) ?? inputProblem(layer) ?? weightProblem(layer, weights);
    if (problem) return `layer "${layer.name}" (${layer.className}) ${problem}`;
  }
  return undefined;
}

/** Layers anywhere in the topology: nested models' layers and wrapped layers included. */
function collectLayers(value: unknown, into: Layer[]): void {
  if (into.length > LAYER_COUNT_LIMIT) return;
  if (Array.isArray(value)) return value.forEach((v) => collectLayers(v, into));
  if (!isRecord(value)) return;
  if (typeof value.class_name === 'string' && isRecord(value.config)) {
    const config = value.config;
    into.push({ className: value.class_name, name: typeof config.name === 'string' ? config.name : typeof value.name === 'string' ? value.name : value.class_name, config });
    collectLayers(config.layers, into);
    collectLayers(config.layer, into);
    return;
  }
  collectLayers(value.model_config, into);
  collectLayers(value.config, into);
}

function sizeProblem(layer: Layer): string | undefined {
  for (const field of SIZE_FIELDS) {
    for (const n of numbersIn(layer.config[field])) {
      if (!Number.isFinite(n) || n > LAYER_SIZE_LIMIT) return `declares ${field} ${n}, more than the ${formatCount(LAYER_SIZE_LIMIT)} any size of a layer may be`;
    }
  }
  return undefined;
}

/** One input must fit in memory as float32 numbers. */
function inputProblem(layer: Layer): string | undefined {
  const shape = layer.config.batch_input_shape ?? layer.config.batch_shape;
  if (!Array.isArray(shape)) return undefined;
  const elements = shape.slice(1).reduce<number>((n, d) => n * (typeof d === 'number' && d > 0 ? d : 1), 1);
  const bytes = elements * 4;
  return bytes > IMAGE_BYTES_LIMIT ? `takes inputs of ${formatSize(bytes)} each ([${shape.map(String).join(', ')}]), more than the ${formatSize(IMAGE_BYTES_LIMIT)} allowed for one input` : undefined;
}

/** The sizes a layer declares must be those of its weights: tfjs builds the declared ones before loading. */
function weightProblem(layer: Layer, weights: readonly WeightShape[]): string | undefined {
  const own = (suffix: string) => weights.filter((w) => w.name === `${layer.name}/${suffix}` || w.name.endsWith(`/${layer.name}/${suffix}`));
  const units = layer.config.units;
  const gates = GATES[layer.className];
  if (typeof units === 'number' && gates) {
    const kernels = own('kernel');
    if (kernels.length === 0) return `declares ${formatCount(units)} units, but the weights manifest has no "${layer.name}/kernel"`;
    if (!kernels.some((k) => k.shape.at(-1) === units * gates)) return `declares ${formatCount(units)} units, but its kernel in the weights manifest is [${kernels[0]?.shape.join(', ')}]`;
  }
  const filters = layer.config.filters;
  if (typeof filters === 'number' && /Conv/.test(layer.className)) {
    const transposed = /Transpose/.test(layer.className);
    const kernels = [...own('kernel'), ...own('pointwise_kernel')];
    if (kernels.length === 0) return `declares ${formatCount(filters)} filters, but the weights manifest has no "${layer.name}/kernel"`;
    if (!kernels.some((k) => k.shape.at(transposed ? -2 : -1) === filters)) return `declares ${formatCount(filters)} filters, but its kernel in the weights manifest is [${kernels[0]?.shape.join(', ')}]`;
  }
  const kernelSize = numbersIn(layer.config.kernel_size);
  if (kernelSize.length > 0 && /Conv/.test(layer.className)) {
    const kernels = [...own('kernel'), ...own('depthwise_kernel')];
    const fits = (shape: readonly number[]) => shape.slice(0, shape.length - 2).every((d, i) => d === (kernelSize.length === 1 ? kernelSize[0] : kernelSize[i]));
    if (!kernels.some((k) => fits(k.shape))) return `declares a kernel of ${kernelSize.join('×')}, which the weights manifest does not hold`;
  }
  const multiplier = layer.config.depth_multiplier;
  if (typeof multiplier === 'number' && !own('depthwise_kernel').some((k) => k.shape.at(-1) === multiplier)) return `declares a depth multiplier of ${multiplier}, which the weights manifest does not hold`;
  const embeddings = layer.className === 'Embedding' ? own('embeddings') : [];
  if (layer.className === 'Embedding' && !embeddings.some((e) => e.shape[0] === layer.config.input_dim && e.shape[1] === layer.config.output_dim)) {
    return `declares ${String(layer.config.input_dim)}×${String(layer.config.output_dim)} embeddings, which the weights manifest does not hold`;
  }
  return undefined;
}

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  return [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
