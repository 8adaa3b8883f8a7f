// Models as data: a list of layers with their options, validated against an input shape and class count,
// with shape inference, parameter count and FLOPs per sample computed here without tfjs.

export type Activation = 'linear' | 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'softmax' | 'swish';
export type Padding = 'same' | 'valid';
/** A size that may be the dataset's class count. */
export type Units = number | 'classes';

export type LayerSpec =
  | { type: 'conv2d'; filters: Units; kernelSize: number; strides?: number; padding?: Padding; activation?: Activation }
  | { type: 'separableConv2d'; filters: Units; kernelSize: number; strides?: number; padding?: Padding; activation?: Activation }
  | { type: 'maxPooling2d'; poolSize: number; strides?: number }
  | { type: 'globalAveragePooling2d' }
  | { type: 'batchNormalization' }
  | { type: 'dropout'; rate: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: Units; activation?: Activation }
  | { type: 'activation'; activation: Activation };

export type LayerType = LayerSpec['type'];

/** Which datasets the grid gives a model: photo-like ones (colour, at least 32 px), small ones (the rest), or any. */
export type DataKind = 'any' | 'photos' | 'small';

/** A pretrained backbone under the model's layers, which then form the head on its feature vector. */
export interface BackboneUse {
  /** The stored backbone's id. */
  id: string;
  /** Weight-carrying backbone layers trained with the head, counted from its feature layer back: 0 keeps it frozen (features computed once and cached). */
  trainable: number;
}

export interface ModelSpec {
  id: string;
  name: string;
  description: string;
  /** Higher runs first. */
  priority: number;
  enabled: boolean;
  builtIn: boolean;
  /** With a backbone, `layers` is the head: it sees the backbone's feature vector, not the image. */
  backbone?: BackboneUse;
  /** Which datasets this model runs on (default any). */
  data?: DataKind;
  layers: LayerSpec[];
}

/** Colour and at least 32 px on the short side: where a pretrained backbone helps. */
export function isPhotoLike(shape: readonly number[]): boolean {
  const [h = 0, w = 0, c = 0] = shape;
  return c === 3 && Math.min(h, w) >= 32;
}

/** Whether the grid gives a dataset of this shape a run of this model. */
export function modelSuits(model: Pick<ModelSpec, 'data' | 'backbone'>, shape: readonly number[] | undefined): boolean {
  const kind = model.data ?? (model.backbone ? 'photos' : 'any');
  if (kind === 'any' || !shape) return true;
  return (kind === 'photos') === isPhotoLike(shape);
}

/** [h, w, c] for images, [n] once flattened. */
export type TensorShape = readonly number[];

export interface SpecSummary {
  outputShapes: TensorShape[];
  params: number;
  /** Multiply-adds counted as two FLOPs, per sample, forward pass. */
  flops: number;
  /** Parameters of each layer, in order (the largest bounds the largest weight tensor). */
  layerParams: number[];
}

export type SpecCheck = { ok: true; summary: SpecSummary } | { ok: false; errors: string[] };

const ACTIVATIONS: readonly string[] = ['linear', 'relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softmax', 'swish'];
const LAYER_TYPES: readonly string[] = [
  'conv2d', 'separableConv2d', 'maxPooling2d', 'globalAveragePooling2d', 'batchNormalization', 'dropout', 'flatten', 'dense', 'activation',
];

/** Checks every layer's options and the shapes flowing through them; the last layer must give `classes` probabilities. */
export function checkSpec(layers: readonly unknown[], inputShape: TensorShape, classes: number): SpecCheck {
  const errors: string[] = [];
  if (!Array.isArray(layers) || layers.length === 0) return { ok: false, errors: ['a model needs at least one layer'] };
  let shape: TensorShape = inputShape;
  let params = 0;
  let flops = 0;
  const outputShapes: TensorShape[] = [];
  const layerParams: number[] = [];
  let lastActivation: string | undefined;
  for (let i = 0; i < layers.length; i++) {
    const raw = layers[i];
    const name = `layer ${i + 1} (${isRecord(raw) && typeof raw.type === 'string' ? raw.type : '?'})`;
    const fail = (msg: string) => errors.push(`${name}: ${msg}`);
    if (!isRecord(raw) || typeof raw.type !== 'string' || !LAYER_TYPES.includes(raw.type)) {
      errors.push(`${name}: type must be one of ${LAYER_TYPES.join(', ')}`);
      break;
    }
    const layer = raw as LayerSpec;
    const act = 'activation' in layer ? layer.activation : undefined;
    if (act !== undefined && !ACTIVATIONS.includes(act)) fail(`activation must be one of ${ACTIVATIONS.join(', ')}`);
    const step = layerStep(layer, shape, classes, fail);
    if (!step) break;
    shape = step.shape;
    params += step.params;
    flops += step.flops;
    outputShapes.push(shape);
    layerParams.push(step.params);
    if (layer.type === 'dense' || layer.type === 'conv2d' || layer.type === 'separableConv2d' || layer.type === 'activation') {
      lastActivation = act ?? 'linear';
    }
  }
  if (errors.length === 0) {
    if (shape.length !== 1 || shape[0] !== classes) {
      errors.push(`the model must end with ${classes} outputs (one per class) but ends with shape [${shape.join(', ')}]`);
    } else if (lastActivation !== 'softmax') {
      errors.push('the last activation must be softmax, so outputs are class probabilities');
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, summary: { outputShapes, params, flops, layerParams } };
}

interface Step {
  shape: TensorShape;
  params: number;
  flops: number;
}

function layerStep(layer: LayerSpec, shape: TensorShape, classes: number, fail: (msg: string) => void): Step | undefined {
  const isImage = shape.length === 3;
  const [h = 0, w = 0, c = 0] = shape;
  switch (layer.type) {
    case 'conv2d':
    case 'separableConv2d': {
      const filters = resolveUnits(layer.filters, classes);
      if (!isPositiveInt(filters)) return void fail('filters must be a positive integer or "classes"');
      if (!isPositiveInt(layer.kernelSize)) return void fail('kernelSize must be a positive integer');
      const strides = layer.strides ?? 1;
      if (!isPositiveInt(strides)) return void fail('strides must be a positive integer');
      if (!isImage) return void fail(`needs an image input [h, w, c], got [${shape.join(', ')}]`);
      const out = convOut(h, w, layer.kernelSize, strides, layer.padding ?? 'valid');
      if (!out) return void fail(`input ${w}×${h} is smaller than the kernel ${layer.kernelSize}×${layer.kernelSize}`);
      const k2 = layer.kernelSize * layer.kernelSize;
      const positions = out[0] * out[1];
      if (layer.type === 'conv2d') {
        return { shape: [out[0], out[1], filters], params: k2 * c * filters + filters, flops: 2 * positions * k2 * c * filters };
      }
      return {
        shape: [out[0], out[1], filters],
        params: k2 * c + c * filters + filters,
        flops: 2 * positions * (k2 * c + c * filters),
      };
    }
    case 'maxPooling2d': {
      if (!isPositiveInt(layer.poolSize)) return void fail('poolSize must be a positive integer');
      const strides = layer.strides ?? layer.poolSize;
      if (!isPositiveInt(strides)) return void fail('strides must be a positive integer');
      if (!isImage) return void fail(`needs an image input [h, w, c], got [${shape.join(', ')}]`);
      const out = convOut(h, w, layer.poolSize, strides, 'valid');
      if (!out) return void fail(`input ${w}×${h} is smaller than the pool ${layer.poolSize}×${layer.poolSize}`);
      return { shape: [out[0], out[1], c], params: 0, flops: out[0] * out[1] * c * layer.poolSize * layer.poolSize };
    }
    case 'globalAveragePooling2d':
      if (!isImage) return void fail(`needs an image input [h, w, c], got [${shape.join(', ')}]`);
      return { shape: [c], params: 0, flops: h * w * c };
    case 'batchNormalization': {
      const channels = shape[shape.length - 1] ?? 0;
      return { shape, params: 4 * channels, flops: 2 * size(shape) };
    }
    case 'dropout':
      if (typeof layer.rate !== 'number' || !(layer.rate >= 0 && layer.rate < 1)) return void fail('rate must be a number in [0, 1)');
      return { shape, params: 0, flops: 0 };
    case 'flatten':
      return { shape: [size(shape)], params: 0, flops: 0 };
    case 'dense': {
      const units = resolveUnits(layer.units, classes);
      if (!isPositiveInt(units)) return void fail('units must be a positive integer or "classes"');
      if (shape.length !== 1) return void fail(`needs a flat input; add a flatten layer before it (input is [${shape.join(', ')}])`);
      const inputs = shape[0] ?? 0;
      return { shape: [units], params: inputs * units + units, flops: 2 * inputs * units };
    }
    case 'activation':
      if (!ACTIVATIONS.includes(layer.activation)) return void fail(`activation must be one of ${ACTIVATIONS.join(', ')}`);
      return { shape, params: 0, flops: size(shape) };
  }
}

function convOut(h: number, w: number, k: number, s: number, padding: Padding): [number, number] | undefined {
  const oh = padding === 'same' ? Math.ceil(h / s) : Math.floor((h - k) / s) + 1;
  const ow = padding === 'same' ? Math.ceil(w / s) : Math.floor((w - k) / s) + 1;
  return oh >= 1 && ow >= 1 ? [oh, ow] : undefined;
}

export function resolveUnits(units: Units, classes: number): number {
  return units === 'classes' ? classes : units;
}

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

function size(shape: TensorShape): number {
  return shape.reduce((a, b) => a * b, 1);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
