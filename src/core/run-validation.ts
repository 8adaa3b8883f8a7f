// What a run validated on, recorded when it starts training, and said in words for the report, the
// leaderboard and the exported config. Runs trained by older versions have no record; what they used is
// read back from their hyperparameters, where a missing field then meant the test split.
import { formatCount, formatPercent } from './format';
import { withDefaults, type Validation } from './hparams';
import type { RunRecord } from './run';

/** The validation a run used, with the number of images it held. */
export type RunValidation =
  /** A seeded, stratified share of the train split, held out of training. */
  | { kind: 'split'; fraction: number; seed: number; images: number }
  /** The test split itself: model choice has seen the test images. */
  | { kind: 'test'; images: number }
  /** Nothing to hold out and no test split: validation numbers are training numbers. */
  | { kind: 'train'; images: number };

/** What an older version validated a run on: its set's own choice, or the test split when the set had none. */
function legacyValidation(run: Pick<RunRecord, 'hparams'>): Validation {
  return run.hparams.validation ?? { kind: 'test' };
}

/**
 * The validation a run should train with now: the one it recorded; for a run an older version started (a
 * checkpoint but no record), the one that version used, so a resumed run keeps its validation set; else its set's.
 */
export function plannedValidation(run: Pick<RunRecord, 'hparams' | 'validation' | 'checkpointEpoch'>): Validation {
  if (run.validation) return run.validation.kind === 'split' ? { kind: 'split', fraction: run.validation.fraction } : { kind: 'test' };
  if (run.checkpointEpoch >= 0) return legacyValidation(run);
  return withDefaults(run.hparams).validation;
}

/** What a run validated on as far as is known: its record, or for older runs what their set implied (no count). */
export function validationOf(run: Pick<RunRecord, 'hparams' | 'validation'>): RunValidation | (Validation & { images?: undefined; seed?: undefined }) {
  return run.validation ?? legacyValidation(run);
}

/** True when the run's model choice (early stopping, halving, best val.) looked at the test split. */
export function validatedOnTest(run: Pick<RunRecord, 'hparams' | 'validation'>): boolean {
  return validationOf(run).kind === 'test';
}

/** One sentence for people: "15 % of train (1,530 images), stratified, seed 1". */
export function describeValidation(run: Pick<RunRecord, 'hparams' | 'validation'>): string {
  const v = validationOf(run);
  const images = v.images !== undefined ? `, ${formatCount(v.images)} images` : '';
  switch (v.kind) {
    case 'split':
      return `${formatShare(v.fraction)} of train held out${images}, stratified by class, seed ${v.seed ?? run.hparams.seed}`;
    case 'test':
      return `the test split${images}: the test accuracy is not independent of model choice`;
    case 'train':
      return `the training images themselves${images} (nothing could be held out and there is no test split)`;
  }
}

/** 0.15 → "15 %", 0.125 → "12.5 %". */
function formatShare(fraction: number): string {
  const percent = Math.round(fraction * 1000) / 10;
  return Number.isInteger(percent) ? `${percent} %` : formatPercent(fraction);
}
