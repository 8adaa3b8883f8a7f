// When a run is called diverged: a non-finite loss at once; a loss far above chance only when it stays there.
import { describe, expect, it } from 'vitest';
import { chanceLoss, divergedLoss, DivergenceWatch, LOSS_CEILING } from '../../../src/core/divergence';

describe('divergedLoss', () => {
  it('is four times chance for 10 classes, chance + 3 for 2, and below the ceiling for 1,000', () => {
    expect(divergedLoss(10)).toBeCloseTo(4 * Math.log(10));
    expect(divergedLoss(2)).toBeCloseTo(Math.log(2) + 3);
    expect(divergedLoss(1000)).toBeCloseTo(0.6 * LOSS_CEILING);
    expect(divergedLoss(1000)).toBeGreaterThan(chanceLoss(1000));
  });
});

describe('DivergenceWatch', () => {
  it('stops at once on a NaN or infinite loss, naming the epoch and batch 1-based', () => {
    expect(new DivergenceWatch(10).check(Number.NaN, { epoch: 1, batch: 31 })).toBe('diverged at epoch 2, batch 31: loss is NaN; try a lower learning rate');
    expect(new DivergenceWatch(10).check(Number.POSITIVE_INFINITY, { epoch: 0, what: 'validation loss' }, true)).toBe('diverged at epoch 1: validation loss is Infinity; try a lower learning rate');
  });

  it('lets one high window pass and stops on the second in a row, with the loss and chance', () => {
    const watch = new DivergenceWatch(10);
    expect(watch.check(14.5, { epoch: 0, batch: 10 })).toBeUndefined();
    expect(watch.check(14.9, { epoch: 0, batch: 20 })).toBe('diverged at epoch 1, batch 20: loss is 14.9, far above the 2.3 of guessing among 10 classes; try a lower learning rate');
  });

  it('starts counting again after a window back under the threshold', () => {
    const watch = new DivergenceWatch(10);
    expect(watch.check(12, { epoch: 0, batch: 10 })).toBeUndefined();
    expect(watch.check(2, { epoch: 0, batch: 20 })).toBeUndefined();
    expect(watch.check(12, { epoch: 0, batch: 30 })).toBeUndefined();
  });

  it('stops on one whole epoch far above chance, and never on a learning run\'s losses', () => {
    expect(new DivergenceWatch(10).check(13.8, { epoch: 0, batch: 16 }, true)).toContain('diverged at epoch 1, batch 16: loss is 13.8');
    const watch = new DivergenceWatch(10);
    for (const [i, loss] of [2.4, 2.1, 1.2, 0.6, 0.4, 0.3].entries()) expect(watch.check(loss, { epoch: 0, batch: (i + 1) * 10 })).toBeUndefined();
  });
});
