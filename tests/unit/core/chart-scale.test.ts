import { describe, expect, it } from 'vitest';
import { integerTicks, linearScale, niceTicks, tickLabel } from '../../../src/core/chart-scale';

describe('integerTicks', () => {
  it('gives every epoch of a short run, and no half epochs', () => {
    expect(integerTicks(0.5, 4.5)).toEqual([1, 2, 3, 4]);
  });
  it('gives one tick for a single epoch', () => {
    expect(integerTicks(0.5, 1.5)).toEqual([1]);
  });
  it('thins a long run to round steps, at most the count asked', () => {
    const ticks = integerTicks(0.5, 100.5, 10);
    expect(ticks.length).toBeLessThanOrEqual(10);
    expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    expect(ticks).toEqual([0, 20, 40, 60, 80, 100].filter((t) => t >= 1));
  });
  it('gives none for an empty or non-finite range', () => {
    expect(integerTicks(2.2, 2.8)).toEqual([]);
    expect(integerTicks(Number.NaN, 3)).toEqual([]);
  });
});

describe('niceTicks', () => {
  it('cuts 0..1 in fifths', () => {
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it('keeps ticks inside the range and free of float noise', () => {
    const ticks = niceTicks(0, 2.53, 4);
    expect(ticks).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });
  it('gives the single value of a flat range', () => {
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe('linearScale and tickLabel', () => {
  it('maps the domain onto the range, reversed for a y axis', () => {
    const y = linearScale(0, 1, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(0.25)).toBe(150);
    expect(linearScale(2, 2, 0, 100)(2)).toBe(50);
  });
  it('labels with the decimals the step needs', () => {
    expect(tickLabel(0.4, [0, 0.2, 0.4])).toBe('0.4');
    expect(tickLabel(1.5, [0, 0.5, 1, 1.5])).toBe('1.5');
    expect(tickLabel(20, [0, 10, 20])).toBe('20');
    expect(tickLabel(0.05, [0, 0.05, 0.1])).toBe('0.05');
  });
});
