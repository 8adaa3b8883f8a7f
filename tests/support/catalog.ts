// Small models and hyperparameter sets for grid and queue tests.
import type { HParams } from '../../src/core/hparams';
import type { ModelSpec } from '../../src/core/model-spec';

export const model = (id: string, priority: number, enabled = true): ModelSpec => ({
  id, name: id, description: '', priority, enabled, builtIn: true, layers: [{ type: 'flatten' }, { type: 'dense', units: 'classes', activation: 'softmax' }],
});

export const hp = (id: string, priority: number, enabled = true): HParams => ({
  id, name: id, priority, enabled, epochs: 4, batchSize: 8, optimizer: 'adam', learningRate: 0.01, seed: 1,
});
