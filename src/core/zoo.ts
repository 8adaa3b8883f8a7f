// The built-in models and hyperparameter sets. Only fast entries are enabled by default, so a first dataset
// trains in seconds on any backend; the original pipeline's two CNNs are here, off until a person turns them on.
import type { HParams } from './hparams';
import type { LayerSpec, ModelSpec } from './model-spec';
import { BUILT_IN_BACKBONES } from './built-in-backbones';

const conv = (filters: number | 'classes', extra: Partial<Extract<LayerSpec, { type: 'conv2d' }>> = {}): LayerSpec => ({
  type: 'conv2d', filters, kernelSize: 3, padding: 'same', activation: 'relu', ...extra,
});

const model = (m: Omit<ModelSpec, 'builtIn'>): ModelSpec => ({ ...m, builtIn: true });

const shippedBackbone = BUILT_IN_BACKBONES[0];

/** A small head on a backbone's feature vector: one hidden layer, dropout, softmax. */
const head: LayerSpec[] = [
  { type: 'dense', units: 128, activation: 'relu' },
  { type: 'dropout', rate: 0.2 },
  { type: 'dense', units: 'classes', activation: 'softmax' },
];

/** Photos get a pretrained backbone with a head (frozen: features computed once, the head trains in seconds). */
const backboneModels: ModelSpec[] = shippedBackbone
  ? [
    model({
      id: 'pretrained-head',
      name: `${shippedBackbone.name} + head`,
      description: `A network pretrained on ImageNet photos, ${shippedBackbone.name}, computes ${shippedBackbone.featureSize.toLocaleString('en-US')} features of every image once; a small dense head learns your classes from them in seconds. For photo-like datasets (colour, at least 32 px).`,
      priority: 30,
      enabled: true,
      backbone: { id: shippedBackbone.slug, trainable: 0 },
      layers: head,
    }),
  ]
  : [];

export const BUILT_IN_MODELS: readonly ModelSpec[] = [
  ...backboneModels,
  model({
    id: 'mlp',
    name: 'MLP',
    description: 'Two hidden dense layers: fast everywhere, a solid baseline on small images (photo-like datasets get the pretrained backbone instead).',
    priority: 20,
    enabled: true,
    data: 'small',
    layers: [
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 'classes', activation: 'softmax' },
    ],
  }),
  model({
    id: 'logistic',
    name: 'Logistic regression',
    description: 'One dense softmax layer on the raw pixels: the floor any other model must beat.',
    priority: 15,
    enabled: false,
    layers: [{ type: 'flatten' }, { type: 'dense', units: 'classes', activation: 'softmax' }],
  }),
  model({
    id: 'small-cnn',
    name: 'Small CNN',
    description: 'Two small convolutions with pooling and a dense head: a quick convolutional model.',
    priority: 10,
    enabled: false,
    layers: [
      conv(8),
      { type: 'maxPooling2d', poolSize: 2 },
      conv(16),
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 'classes', activation: 'softmax' },
    ],
  }),
  model({
    id: 'separable-cnn',
    name: 'Depthwise-separable CNN',
    description: 'A strided convolution, then two depthwise-separable convolutions and a dense head: few parameters, mobile style.',
    priority: 8,
    enabled: false,
    layers: [
      conv(16, { strides: 2 }),
      { type: 'separableConv2d', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' },
      { type: 'separableConv2d', filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 'classes', activation: 'softmax' },
    ],
  }),
  model({
    id: 'cnn_model',
    name: 'cnn_model',
    description: 'The original pipeline\'s CNN: two conv-conv-pool-dropout blocks (32, 64 filters), dense 512, dropout 0.5.',
    priority: 5,
    enabled: false,
    layers: [
      conv(32),
      conv(32, { padding: 'valid' }),
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'dropout', rate: 0.25 },
      conv(64),
      conv(64, { padding: 'valid' }),
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'dropout', rate: 0.25 },
      { type: 'flatten' },
      { type: 'dense', units: 512, activation: 'relu' },
      { type: 'dropout', rate: 0.5 },
      { type: 'dense', units: 'classes', activation: 'softmax' },
    ],
  }),
  model({
    id: 'pure_cnn_model',
    name: 'pure_cnn_model',
    description: 'The original all-convolutional net: 96 and 192 filters, strided convolutions for pooling, 1×1 convolutions, global average pooling.',
    priority: 4,
    enabled: false,
    layers: [
      conv(96),
      { type: 'dropout', rate: 0.2 },
      conv(96),
      conv(96, { strides: 2 }),
      { type: 'dropout', rate: 0.5 },
      conv(192),
      conv(192),
      conv(192, { strides: 2 }),
      { type: 'dropout', rate: 0.5 },
      conv(192),
      conv(192, { kernelSize: 1, padding: 'valid' }),
      conv('classes', { kernelSize: 1, padding: 'valid' }),
      { type: 'globalAveragePooling2d' },
      { type: 'activation', activation: 'softmax' },
    ],
  }),
];

/** Every built-in set validates on a stratified share of train: the test split is read once, for the report. */
export const BUILT_IN_HPARAMS: readonly HParams[] = [
  {
    id: 'quick', name: 'Quick (Adam, 4 epochs)', priority: 10, enabled: true, epochs: 4, batchSize: 32, optimizer: 'adam', learningRate: 0.001,
    validation: { kind: 'split', fraction: 0.15 }, seed: 1,
  },
  {
    id: 'original', name: 'Original pipeline (Adam 1e-4, batch 128)', priority: 5, enabled: false, epochs: 20, batchSize: 128,
    optimizer: 'adam', learningRate: 0.0001, validation: { kind: 'split', fraction: 0.15 }, seed: 1,
  },
  {
    id: 'sgd-cosine', name: 'SGD momentum, cosine, early stopping', priority: 3, enabled: false, epochs: 30, batchSize: 64,
    optimizer: 'sgd', learningRate: 0.05, momentum: 0.9, schedule: { kind: 'cosine', minRate: 0.0005 },
    validation: { kind: 'split', fraction: 0.1 }, patience: 4, weightDecay: 0.0005, augment: { flip: false, shift: 2 }, seed: 1,
  },
];
