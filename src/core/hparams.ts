// Hyperparameter sets as data: optimizer, schedule, validation, early stopping, regularisation and augmentation,
// validated with readable messages. Fields added after the first release are optional; `withDefaults` fills them,
// so sets stored by older versions still train.

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

/** How the learning rate changes over epochs. */
export type Schedule =
  | { kind: 'constant' }
  /** Multiply by `factor` every `every` epochs. */
  | { kind: 'step'; every: number; factor: number }
  /** Half a cosine from the learning rate down to `minRate` over all epochs. */
  | { kind: 'cosine'; minRate: number };

/** Where validation data comes from: a held-out fraction of train (seeded, stratified), or the test split. */
export type Validation = { kind: 'test' } | { kind: 'split'; fraction: number };

/**
 * What a set without a `validation` field validates on: 15 % of train. The test split is used for validation only
 * when a set asks for it, so early stopping and model choice never see the test images by default.
 */
export const DEFAULT_VALIDATION: Validation = { kind: 'split', fraction: 0.15 };

export interface Augmentation {
  /** Mirror left-right at random (not for digits or text). */
  flip: boolean;
  /** Shift by up to this many pixels in each direction, at random; 0 turns it off. */
  shift: number;
}

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
  /** SGD momentum; ignored by the other optimizers. */
  momentum?: number;
  schedule?: Schedule;
  validation?: Validation;
  /** Stop after this many epochs without a lower validation loss; 0 never stops early. */
  patience?: number;
  /** L2 penalty on kernels (not biases), added to the loss. */
  weightDecay?: number;
  augment?: Augmentation;
  seed: number;
}

export type ResolvedHParams = Required<HParams>;

export function withDefaults(h: HParams): ResolvedHParams {
  return {
    momentum: 0.9, schedule: { kind: 'constant' }, validation: { ...DEFAULT_VALIDATION }, patience: 0, weightDecay: 0,
    augment: { flip: false, shift: 0 }, ...h,
  };
}

/** The learning rate for a 0-based epoch. */
export function learningRateAt(h: HParams, epoch: number): number {
  const { schedule, learningRate, epochs } = withDefaults(h);
  switch (schedule.kind) {
    case 'constant':
      return learningRate;
    case 'step':
      return learningRate * schedule.factor ** Math.floor(epoch / schedule.every);
    case 'cosine':
      return schedule.minRate + ((learningRate - schedule.minRate) * (1 + Math.cos((Math.PI * epoch) / Math.max(1, epochs)))) / 2;
  }
}

/** Whether training should stop: the last `patience` epochs all failed to beat the best validation loss before them. */
export function shouldStopEarly(valLosses: readonly number[], patience: number): boolean {
  if (patience <= 0 || valLosses.length <= patience) return false;
  const before = Math.min(...valLosses.slice(0, valLosses.length - patience));
  return valLosses.slice(-patience).every((loss) => !(loss < before));
}

const isInt = (n: unknown, min: number, max: number): boolean => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
const inRange = (n: unknown, min: number, max: number): boolean => typeof n === 'number' && n >= min && n <= max;

/** Every problem with a set, each naming the setting; empty when it is valid. */
export function checkHParams(h: HParams): string[] {
  const errors: string[] = [];
  if (typeof h.name !== 'string' || !h.name.trim()) errors.push('name must not be empty');
  if (!isInt(h.epochs, 1, 1000)) errors.push('epochs must be a whole number from 1 to 1,000');
  if (!isInt(h.batchSize, 1, 4096)) errors.push('batch size must be a whole number from 1 to 4,096');
  if (!['adam', 'sgd', 'rmsprop'].includes(h.optimizer)) errors.push('optimizer must be adam, sgd or rmsprop');
  if (!(typeof h.learningRate === 'number' && h.learningRate > 0 && h.learningRate <= 10)) errors.push('learning rate must be above 0 and at most 10');
  if (!isInt(h.priority, -1000, 1000)) errors.push('priority must be a whole number from -1,000 to 1,000');
  if (!isInt(h.seed, 0, 2 ** 31)) errors.push('seed must be a whole number, 0 or more');
  const r = withDefaults(h);
  if (!inRange(r.momentum, 0, 0.999)) errors.push('momentum must be from 0 to 0.999');
  if (r.schedule.kind === 'step') {
    if (!isInt(r.schedule.every, 1, 1000)) errors.push('schedule: step every must be a whole number of epochs, 1 or more');
    if (!(typeof r.schedule.factor === 'number' && r.schedule.factor > 0 && r.schedule.factor <= 1)) errors.push('schedule: step factor must be above 0 and at most 1');
  } else if (r.schedule.kind === 'cosine') {
    if (!(inRange(r.schedule.minRate, 0, h.learningRate))) errors.push('schedule: cosine minimum rate must be from 0 to the learning rate');
  } else if (r.schedule.kind !== 'constant') errors.push('schedule must be constant, step or cosine');
  if (r.validation.kind === 'split') {
    if (!(typeof r.validation.fraction === 'number' && r.validation.fraction > 0 && r.validation.fraction <= 0.5)) {
      errors.push('validation: the fraction of train held out must be above 0 and at most 0.5');
    }
  } else if (r.validation.kind !== 'test') errors.push('validation must come from the test split or a split of train');
  if (!isInt(r.patience, 0, 1000)) errors.push('patience must be a whole number of epochs, 0 (off) or more');
  if (!inRange(r.weightDecay, 0, 1)) errors.push('weight decay must be from 0 to 1');
  if (typeof r.augment.flip !== 'boolean') errors.push('augment: flip must be true or false');
  if (!isInt(r.augment.shift, 0, 16)) errors.push('augment: shift must be a whole number of pixels from 0 to 16');
  return errors;
}
