// Warnings kept with a dataset's report: things that will not stop training but will mislead it.
import { formatCount } from '../core/format';
import type { DatasetRecord } from '../core/types';

/** Heavy imbalance: the largest training class has at least this many times the images of the smallest. */
export const IMBALANCE_RATIO = 10;

export function warningsFor(classes: readonly string[], counts: DatasetRecord['counts']): string[] {
  const warnings: string[] = [];
  if (classes.length === 1) warnings.push(`only one class ("${classes[0]}"): a classifier needs at least two`);
  const train = counts.train?.perClass ?? [];
  classes.forEach((c, i) => {
    if ((train[i] ?? 0) === 0) warnings.push(`class "${c}" is empty: it has no training images`);
    if (counts.test && (counts.test.perClass[i] ?? 0) === 0) warnings.push(`class "${c}" is missing from the test split`);
  });
  if (!counts.test) warnings.push('no test split: accuracy cannot be measured on held-out images');
  const nonZero = train.filter((n) => n > 0);
  if (nonZero.length >= 2 && Math.max(...nonZero) >= IMBALANCE_RATIO * Math.min(...nonZero)) {
    const big = classes[train.indexOf(Math.max(...nonZero))];
    const small = classes[train.indexOf(Math.min(...nonZero))];
    warnings.push(`heavy class imbalance in train: "${big}" has ${formatCount(Math.max(...nonZero))} images, "${small}" only ${formatCount(Math.min(...nonZero))}`);
  }
  return warnings;
}
