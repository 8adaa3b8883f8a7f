// Classification metrics from true labels and predicted probabilities, computed by hand-checkable rules.
// Conventions (as scikit-learn with zero_division=0): a class never predicted has precision 0, a class
// absent from the test split has recall 0, and the macro average covers the classes that occur in the
// truth or in the predictions. Ties between probabilities go to the lower class index, as tf.argMax does.
// A row with a NaN or infinite output has no prediction (-1): the metrics it would enter are undefined (NaN, shown
// as "—"), never perfect. NaN ranks below nothing and above nothing, so it once made top-k 100 %.
import type { AverageScores, ClassScore, TopKAccuracy } from './analysis';

/** Probabilities as one flat row-major array: `count` rows of `classes` values. */
export interface Probabilities {
  values: ArrayLike<number>;
  count: number;
  classes: number;
}

/** Whether every output of row `i` is a finite number. */
export function isFiniteRow(p: Probabilities, i: number): boolean {
  for (let c = 0; c < p.classes; c++) if (!Number.isFinite(p.values[i * p.classes + c] as number)) return false;
  return true;
}

/** Rows with a NaN or infinite output. */
export function countNonFiniteRows(p: Probabilities): number {
  let n = 0;
  for (let i = 0; i < p.count; i++) if (!isFiniteRow(p, i)) n++;
  return n;
}

/** The predicted class of each row: the highest probability, the lowest index among equals; -1 for a non-finite row. */
export function argmaxRows(p: Probabilities): Int32Array {
  const out = new Int32Array(p.count);
  for (let i = 0; i < p.count; i++) {
    if (!isFiniteRow(p, i)) {
      out[i] = -1;
      continue;
    }
    let best = 0;
    for (let c = 1; c < p.classes; c++) if ((p.values[i * p.classes + c] as number) > (p.values[i * p.classes + best] as number)) best = c;
    out[i] = best;
  }
  return out;
}

/** Counts with true classes as rows and predicted classes as columns. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = matrix[labels[i] as number];
    const col = predicted[i] as number;
    if (row && col >= 0 && col < classes) row[col] = (row[col] as number) + 1;
  }
  return matrix;
}

/** Each row divided by its sum; an empty row stays all zeros. */
export function normaliseRows(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
}

export function accuracyOf(matrix: readonly (readonly number[])[]): number {
  let total = 0;
  let correct = 0;
  matrix.forEach((row, i) => row.forEach((v, j) => {
    total += v;
    if (i === j) correct += v;
  }));
  return total > 0 ? correct / total : 0;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Precision, recall, F1, support and predicted count per class. */
export function classScores(matrix: readonly (readonly number[])[]): ClassScore[] {
  return matrix.map((row, c) => {
    const tp = row[c] ?? 0;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, r) => sum + (r[c] ?? 0), 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support, predicted };
  });
}

/** Unweighted mean over the classes present in the truth or the predictions. */
export function macroAverage(scores: readonly ClassScore[]): AverageScores {
  const present = scores.filter((s) => s.support > 0 || s.predicted > 0);
  const mean = (key: keyof AverageScores) => ratio(present.reduce((a, s) => a + s[key], 0), present.length);
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') };
}

/** Mean weighted by support. */
export function weightedAverage(scores: readonly ClassScore[]): AverageScores {
  const total = scores.reduce((a, s) => a + s.support, 0);
  const mean = (key: keyof AverageScores) => ratio(scores.reduce((a, s) => a + s[key] * s.support, 0), total);
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') };
}

/**
 * Share of rows whose true class ranks within the first k. The rank counts the classes with a higher
 * probability, plus equal ones with a lower index, so ties are broken the same way as argmaxRows.
 * NaN when a row is not finite (it has no ranking).
 */
export function topKAccuracy(p: Probabilities, labels: ArrayLike<number>, k: number): number {
  if (p.count === 0) return 0;
  let hits = 0;
  for (let i = 0; i < p.count; i++) {
    if (!isFiniteRow(p, i)) return Number.NaN;
    const label = labels[i] as number;
    const mine = p.values[i * p.classes + label] as number;
    let rank = 0;
    for (let c = 0; c < p.classes; c++) {
      const v = p.values[i * p.classes + c] as number;
      if (v > mine || (v === mine && c < label)) rank++;
    }
    if (rank < k) hits++;
  }
  return hits / p.count;
}

/** Top-3 and top-5 accuracy, only when there are more than 5 classes (below that they say little). */
export function topKAccuracies(p: Probabilities, labels: ArrayLike<number>): TopKAccuracy[] {
  if (p.classes <= 5) return [];
  return [3, 5].map((k) => ({ k, accuracy: topKAccuracy(p, labels, k) }));
}

/** Smallest probability used in the loss, so a zero probability gives a large finite loss, not Infinity. */
export const LOSS_EPSILON = 1e-7;

/** Mean cross-entropy of the true class; 0 for no rows; NaN when a row is not finite. */
export function crossEntropy(p: Probabilities, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.count; i++) {
    if (!isFiniteRow(p, i)) return Number.NaN;
    sum -= Math.log(Math.max(LOSS_EPSILON, p.values[i * p.classes + (labels[i] as number)] as number));
  }
  return ratio(sum, p.count);
}
