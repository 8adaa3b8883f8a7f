// The built-in models and hyperparameter sets.
import type { HParams } from './hparams';
import type { ModelSpec } from './model-spec';

export const BUILT_IN_MODELS: readonly ModelSpec[] = [
  {
    id: 'mlp',
    name: 'MLP',
    description: 'Two hidden dense layers: fast everywhere, a solid baseline on small images.',
    priority: 20,
    enabled: true,
    builtIn: true,
    layers: [
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 'classes', activation: 'softmax' },
    ],
  },
  {
    id: 'small-cnn',
    name: 'Small CNN',
    description: 'One strided 3×3 convolution and a dense head: a quick convolutional model.',
    priority: 10,
    enabled: false,
    builtIn: true,
    layers: [
      { type: 'conv2d', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 'classes', activation: 'softmax' },
    ],
  },
];

export const BUILT_IN_HPARAMS: readonly HParams[] = [
  { id: 'quick', name: 'Quick (Adam, 4 epochs)', priority: 10, enabled: true, epochs: 4, batchSize: 32, optimizer: 'adam', learningRate: 0.001, seed: 1 },
];
