import { describe, expect, it } from 'vitest';
import {
  accuracyOf, argmaxRows, classScores, confusionMatrix, crossEntropy, macroAverage, normaliseRows, topKAccuracies, topKAccuracy,
  weightedAverage, type Probabilities,
} from '../../../src/core/metrics';
import { calibrationOf } from '../../../src/core/metrics-calibration';
import { mostConfidentFailures, mostSpectacularFailures, wrongPredictions } from '../../../src/core/metrics-failures';
import { summariseTest } from '../../../src/core/metrics-summary';

// Seven test images, three classes. Class 2 is never predicted; image 5 ties classes 0 and 2 (→ 0);
// images 3 and 4 are wrong with the same confidence 0.6.
const rows = [
  [0.7, 0.2, 0.1], // 0: true 0, predicted 0
  [0.2, 0.5, 0.3], // 1: true 0, predicted 1
  [0.1, 0.8, 0.1], // 2: true 1, predicted 1
  [0.6, 0.3, 0.1], // 3: true 1, predicted 0
  [0.3, 0.6, 0.1], // 4: true 2, predicted 1
  [0.45, 0.1, 0.45], // 5: true 2, predicted 0 (tie)
  [0.9, 0.05, 0.05], // 6: true 0, predicted 0
];
const labels = [0, 0, 1, 1, 2, 2, 0];
const p: Probabilities = { values: rows.flat(), count: 7, classes: 3 };

function noNaN(value: unknown): boolean {
  return !JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 'NOT-FINITE' : v)).includes('NOT-FINITE');
}

describe('confusion matrix and accuracy', () => {
  it('predicts the highest probability and breaks ties towards the lower class', () => {
    expect(Array.from(argmaxRows(p))).toEqual([0, 1, 1, 0, 1, 0, 0]);
  });

  it('counts true classes in rows and predictions in columns', () => {
    const m = confusionMatrix(labels, argmaxRows(p), 3);
    expect(m).toEqual([[2, 1, 0], [1, 1, 0], [1, 1, 0]]);
    expect(accuracyOf(m)).toBeCloseTo(3 / 7, 12);
  });

  it('normalises each row by its sum and leaves an empty row at zero', () => {
    expect(normaliseRows([[2, 1, 0], [1, 1, 0], [0, 0, 0]])).toEqual([[2 / 3, 1 / 3, 0], [0.5, 0.5, 0], [0, 0, 0]]);
  });
});

describe('precision, recall, F1 and averages', () => {
  const scores = classScores([[2, 1, 0], [1, 1, 0], [1, 1, 0]]);

  it('scores each class by hand-computed values, with 0 for a class never predicted', () => {
    expect(scores.map((s) => s.support)).toEqual([3, 2, 2]);
    expect(scores.map((s) => s.predicted)).toEqual([4, 3, 0]);
    expect(scores[0]!.precision).toBeCloseTo(1 / 2, 12);
    expect(scores[0]!.recall).toBeCloseTo(2 / 3, 12);
    expect(scores[0]!.f1).toBeCloseTo(4 / 7, 12);
    expect(scores[1]!.precision).toBeCloseTo(1 / 3, 12);
    expect(scores[1]!.recall).toBeCloseTo(1 / 2, 12);
    expect(scores[1]!.f1).toBeCloseTo(2 / 5, 12);
    expect(scores[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 2, predicted: 0 });
  });

  it('averages macro (unweighted) and weighted by support', () => {
    const macro = macroAverage(scores);
    expect(macro.precision).toBeCloseTo(5 / 18, 12);
    expect(macro.recall).toBeCloseTo(7 / 18, 12);
    expect(macro.f1).toBeCloseTo(34 / 105, 12);
    const weighted = weightedAverage(scores);
    expect(weighted.precision).toBeCloseTo(13 / 42, 12);
    expect(weighted.recall).toBeCloseTo(3 / 7, 12);
    expect(weighted.f1).toBeCloseTo(88 / 245, 12);
  });

  it('leaves a class absent from the truth and the predictions out of the macro average', () => {
    const s = classScores([[2, 0, 0], [0, 1, 0], [0, 0, 0]]);
    expect(s[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0, predicted: 0 });
    expect(macroAverage(s)).toEqual({ precision: 1, recall: 1, f1: 1 });
  });
});

describe('top-k accuracy and loss', () => {
  it('ranks the true class with ties broken like argmax', () => {
    expect(topKAccuracy(p, labels, 1)).toBeCloseTo(3 / 7, 12);
    expect(topKAccuracy(p, labels, 2)).toBeCloseTo(5 / 7, 12);
    expect(topKAccuracy(p, labels, 3)).toBe(1);
  });

  it('reports top-3 and top-5 only above five classes', () => {
    const six = [0.3, 0.25, 0.2, 0.15, 0.06, 0.04];
    const q: Probabilities = { values: [...six, ...six, ...six], count: 3, classes: 6 };
    const got = topKAccuracies(q, [5, 3, 2]);
    expect(got.map((t) => t.k)).toEqual([3, 5]);
    expect(got[0]!.accuracy).toBeCloseTo(1 / 3, 12);
    expect(got[1]!.accuracy).toBeCloseTo(2 / 3, 12);
    expect(topKAccuracies(p, labels)).toEqual([]);
  });

  it('takes the mean cross-entropy of the true class', () => {
    const expected = -(Math.log(0.7) + Math.log(0.2) + Math.log(0.8) + Math.log(0.3) + Math.log(0.1) + Math.log(0.45) + Math.log(0.9)) / 7;
    expect(crossEntropy(p, labels)).toBeCloseTo(expected, 12);
    expect(crossEntropy({ values: [0, 1], count: 1, classes: 2 }, [0])).toBeCloseTo(-Math.log(1e-7), 6);
  });
});

describe('calibration', () => {
  it('bins top-class confidence and computes the expected calibration error', () => {
    const { bins, ece } = calibrationOf([0.7, 0.5, 0.8, 0.6, 0.6, 0.45, 0.9], [true, false, true, false, false, false, true]);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 1, 1, 2, 1, 1, 1]);
    expect(bins[6]).toEqual({ lower: 0.6, upper: 0.7, count: 2, meanConfidence: 0.6, accuracy: 0 });
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, count: 0, meanConfidence: null, accuracy: null });
    expect(ece).toBeCloseTo((0.45 + 0.5 + 2 * 0.6 + 0.3 + 0.2 + 0.1) / 7, 12);
  });

  it('puts a confidence of exactly 1 in the last bin', () => {
    const { bins, ece } = calibrationOf([1, 1], [true, true]);
    expect(bins[9]!.count).toBe(2);
    expect(ece).toBe(0);
  });
});

describe('failure cases', () => {
  const wrong = wrongPredictions(p, labels, argmaxRows(p));

  it('keeps only wrong predictions, with confidence and the true class probability', () => {
    expect(wrong.map((w) => w.index)).toEqual([1, 3, 4, 5]);
    expect(wrong[0]).toEqual({ index: 1, label: 0, predicted: 1, confidence: 0.5, trueProbability: 0.2 });
  });

  it('sorts the most confident first, equal confidences by test index', () => {
    expect(mostConfidentFailures(wrong, 10).map((w) => w.index)).toEqual([3, 4, 1, 5]);
    expect(mostConfidentFailures(wrong, 2).map((w) => w.index)).toEqual([3, 4]);
  });

  it('sorts the most spectacular (lowest true probability) first', () => {
    expect(mostSpectacularFailures(wrong, 10).map((w) => w.index)).toEqual([4, 1, 3, 5]);
  });
});

describe('summaries of edge cases', () => {
  it('summarises the seven images consistently', () => {
    const s = summariseTest(p, labels);
    expect(s.metrics.count).toBe(7);
    expect(s.metrics.confusion.flat().reduce((a, b) => a + b, 0)).toBe(7);
    expect(s.metrics.accuracy).toBeCloseTo(3 / 7, 12);
    expect(s.confident.map((f) => f.index)).toEqual([3, 4, 1, 5]);
  });

  it('a single class scores 1 everywhere, with no failures', () => {
    const s = summariseTest({ values: [1, 1, 1], count: 3, classes: 1 }, [0, 0, 0]);
    expect(s.metrics.confusion).toEqual([[3]]);
    expect(s.metrics.perClass).toEqual([{ precision: 1, recall: 1, f1: 1, support: 3, predicted: 3 }]);
    expect(s.metrics.macro).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(s.metrics.accuracy).toBe(1);
    expect(s.metrics.loss).toBeCloseTo(0, 12);
    expect(s.metrics.calibration.ece).toBe(0);
    expect(s.confident).toEqual([]);
  });

  it('an empty test split gives zeros and empty lists, never NaN', () => {
    const s = summariseTest({ values: [], count: 0, classes: 10 }, []);
    expect(s.metrics.accuracy).toBe(0);
    expect(s.metrics.loss).toBe(0);
    expect(s.metrics.confusion.flat().every((v) => v === 0)).toBe(true);
    expect(s.metrics.calibration.ece).toBe(0);
    expect(s.metrics.topK.map((t) => t.accuracy)).toEqual([0, 0]);
    expect(s.confident).toEqual([]);
    expect(noNaN(s)).toBe(true);
  });
});
