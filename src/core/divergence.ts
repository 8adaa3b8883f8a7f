// When training has diverged, from the losses it reads anyway. Two signs: a loss that is not finite (NaN weights),
// and a loss stuck far above what guessing gives. The second is what a real diverging run looks like: SGD at
// learning rate 10 with momentum 0.99 on digits saturates its softmax and sits at ~14.5 (the clipped
// cross-entropy of a confident wrong answer is 16.1), never NaN, and used to end "done" at chance.
import { LOSS_EPSILON } from './metrics';
import { DIVERGED_ERROR } from './run-failure';

/** The loss of a certain wrong answer: cross-entropy clips probabilities at LOSS_EPSILON. */
export const LOSS_CEILING = -Math.log(LOSS_EPSILON);

/** Reads in a row above the threshold before a run is called diverged, so one bad window does not stop it. */
export const READS_ABOVE = 2;

/** The loss of guessing uniformly among `classes`. */
export function chanceLoss(classes: number): number {
  return Math.log(Math.max(2, classes));
}

/**
 * A loss no learning model stays above: four times chance (at least chance + 3), and never above 60 % of the
 * ceiling, so models with many classes (chance near the ceiling) still have a threshold they can cross.
 */
export function divergedLoss(classes: number): number {
  const chance = chanceLoss(classes);
  return Math.min(Math.max(4 * chance, chance + 3), 0.6 * LOSS_CEILING);
}

export interface LossPlace {
  /** 0-based, as the loop counts; shown 1-based. */
  epoch: number;
  /** 1-based batches done in the epoch; absent for a whole epoch's loss. */
  batch?: number;
  /** Which loss, in words ("loss", "validation loss"). */
  what?: string;
}

/** Watches the losses of one run; `check` gives the message once it diverged. */
export class DivergenceWatch {
  private above = 0;
  private readonly threshold: number;

  constructor(private readonly classes: number) {
    this.threshold = divergedLoss(classes);
  }

  /** A window's mean loss (several reads in a row must be too high), or with `final`, a whole epoch's (one is enough). */
  check(loss: number, place: LossPlace, final = false): string | undefined {
    const what = place.what ?? 'loss';
    const where = `epoch ${place.epoch + 1}${place.batch !== undefined ? `, batch ${place.batch}` : ''}`;
    if (!Number.isFinite(loss)) return `diverged at ${where}: ${what} is ${loss}; try a lower learning rate`;
    this.above = loss > this.threshold ? this.above + 1 : 0;
    if (this.above < (final ? 1 : READS_ABOVE)) return undefined;
    return `diverged at ${where}: ${what} is ${loss.toFixed(1)}, far above the ${chanceLoss(this.classes).toFixed(1)} of guessing among ${this.classes} classes; try a lower learning rate`;
  }
}

/** The error a diverged run stops with; the queue shows its message as the run's failure. */
export function divergedError(message: string): Error {
  return Object.assign(new Error(message), { name: DIVERGED_ERROR });
}
