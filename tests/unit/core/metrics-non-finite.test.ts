// Metrics of a model whose outputs are NaN or infinite are undefined (NaN, shown as "—"), never perfect: once,
// NaN weights gave top-3 and top-5 accuracy of 100 % and a calibration error of 0.0 %.
import { describe, expect, it } from 'vitest';
import { argmaxRows, countNonFiniteRows, crossEntropy, topKAccuracy, type Probabilities } from '../../../src/core/metrics';
import { calibrationOf } from '../../../src/core/metrics-calibration';
import { wrongPredictions } from '../../../src/core/metrics-failures';
import { summariseTest } from '../../../src/core/metrics-summary';

const CLASSES = 10;
const probabilities = (rows: number[][]): Probabilities => ({ values: Float32Array.from(rows.flat()), count: rows.length, classes: CLASSES });
const uniformRow = (value: number) => new Array<number>(CLASSES).fill(value);
const oneHot = (c: number): number[] => uniformRow(0).map((_, i) => (i === c ? 1 : 0));
const labels = Uint16Array.from({ length: 20 }, (_, i) => i % CLASSES);

describe('all outputs NaN (a model with NaN weights)', () => {
  const p = probabilities(Array.from(labels, () => uniformRow(Number.NaN)));

  it('has no prediction for any row and counts every row as non-finite', () => {
    expect([...argmaxRows(p)]).toEqual(new Array<number>(20).fill(-1));
    expect(countNonFiniteRows(p)).toBe(20);
  });

  it('gives undefined top-k accuracy, loss and calibration error, not 100 % or 0 %', () => {
    expect(topKAccuracy(p, labels, 3)).toBeNaN();
    expect(topKAccuracy(p, labels, 5)).toBeNaN();
    expect(crossEntropy(p, labels)).toBeNaN();
    expect(calibrationOf(new Float64Array(20).fill(Number.NaN), new Array<boolean>(20).fill(false)).ece).toBeNaN();
  });

  it('summarises to undefined numbers everywhere, an empty confusion matrix and no failure cases', () => {
    const { metrics, confident, spectacular } = summariseTest(p, labels);
    expect(metrics.nonFinite).toBe(20);
    expect(metrics.accuracy).toBeNaN();
    expect(metrics.loss).toBeNaN();
    expect(metrics.topK.map((t) => t.accuracy)).toEqual([Number.NaN, Number.NaN]);
    expect(metrics.calibration.ece).toBeNaN();
    expect(metrics.calibration.bins.every((b) => b.count === 0)).toBe(true);
    expect(metrics.perClass.every((s) => Number.isNaN(s.precision) && Number.isNaN(s.recall) && Number.isNaN(s.f1))).toBe(true);
    expect([metrics.macro.f1, metrics.weighted.f1]).toEqual([Number.NaN, Number.NaN]);
    expect(metrics.confusion.flat().every((n) => n === 0)).toBe(true);
    expect(confident).toEqual([]);
    expect(spectacular).toEqual([]);
  });
});

describe('some outputs infinite', () => {
  // 19 rows predicted right with certainty, one row with an infinite output.
  const rows = Array.from(labels, (l) => oneHot(l));
  rows[7] = uniformRow(0).map((_, i): number => (i === 3 ? Number.POSITIVE_INFINITY : 0));
  const p = probabilities(rows);

  it('marks only that row as having no prediction', () => {
    expect(argmaxRows(p)[7]).toBe(-1);
    expect(argmaxRows(p)[6]).toBe(6);
    expect(wrongPredictions(p, labels, argmaxRows(p))).toEqual([]);
  });

  it('makes every summary number undefined, while the confusion matrix keeps the 19 finite rows', () => {
    const { metrics } = summariseTest(p, labels);
    expect(metrics.nonFinite).toBe(1);
    expect(metrics.accuracy).toBeNaN();
    expect(metrics.loss).toBeNaN();
    expect(metrics.topK.every((t) => Number.isNaN(t.accuracy))).toBe(true);
    expect(metrics.calibration.ece).toBeNaN();
    expect(metrics.calibration.bins.reduce((a, b) => a + b.count, 0)).toBe(19);
    expect(metrics.confusion.flat().reduce((a, b) => a + b, 0)).toBe(19);
  });

  it('a negative infinity is as undefined as a positive one', () => {
    const q = probabilities([uniformRow(0).map((_, i) => (i === 0 ? Number.NEGATIVE_INFINITY : 0.1))]);
    expect(topKAccuracy(q, [0], 3)).toBeNaN();
    expect(crossEntropy(q, [0])).toBeNaN();
  });
});

describe('finite outputs', () => {
  it('keep their metrics and no nonFinite field', () => {
    const { metrics } = summariseTest(probabilities(Array.from(labels, (l) => oneHot(l))), labels);
    expect(metrics.nonFinite).toBeUndefined();
    expect(metrics.accuracy).toBe(1);
    expect(metrics.topK.map((t) => t.accuracy)).toEqual([1, 1]);
  });
});
