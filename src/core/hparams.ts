// Hyperparameter sets as data, validated with readable messages.

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

export interface HParams {
  id: string;
  name: string;
  /** Higher runs first. */
  priority: number;
  enabled: boolean;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  seed: number;
}

export function checkHParams(h: HParams): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(h.epochs) || h.epochs < 1 || h.epochs > 1000) errors.push('epochs must be a whole number from 1 to 1,000');
  if (!Number.isInteger(h.batchSize) || h.batchSize < 1 || h.batchSize > 4096) errors.push('batch size must be a whole number from 1 to 4,096');
  if (!['adam', 'sgd', 'rmsprop'].includes(h.optimizer)) errors.push('optimizer must be adam, sgd or rmsprop');
  if (!(h.learningRate > 0 && h.learningRate <= 10)) errors.push('learning rate must be above 0 and at most 10');
  if (!Number.isInteger(h.seed) || h.seed < 0) errors.push('seed must be a whole number, 0 or more');
  return errors;
}
