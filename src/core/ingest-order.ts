// The order an import reads and writes its images in. Training streams a split window by window (core/epoch-order),
// so every shard should already hold a fair mix of the classes: a folder per class read in path order would give
// shards of one class each, and a window of a few shards would then train on a few classes at a time. A split whose
// files come class by class is interleaved: each class keeps its own path order (so reads stay close together on
// disk), and the classes are merged in proportion to their sizes. A split that is already mixed (a CSV layout whose
// files are labelled at random) keeps its order, which is also the order its files lie in.
import { pushTo } from './group';
import type { ManifestItem, Split } from './types';
import { SPLITS } from './types';

/** Same-label neighbours above what chance gives by this much: the split counts as coming class by class. */
const CLUSTERED_MARGIN = 0.1;

export function ingestOrder(items: readonly ManifestItem[]): ManifestItem[] {
  const bySplit = new Map<Split, ManifestItem[]>();
  for (const item of items) pushTo(bySplit, item.split, item);
  return SPLITS.flatMap((split) => {
    const list = bySplit.get(split) ?? [];
    return comesClassByClass(list) ? interleaveClasses(list) : list;
  });
}

/** True when neighbours share a label clearly more often than a random order would make them. */
export function comesClassByClass(items: readonly ManifestItem[]): boolean {
  if (items.length < 3) return false;
  let same = 0;
  for (let i = 1; i < items.length; i++) if (items[i]?.label === items[i - 1]?.label) same++;
  const sizes = classSizes(items);
  const chance = [...sizes.values()].reduce((s, n) => s + (n / items.length) ** 2, 0);
  return same / (items.length - 1) > chance + CLUSTERED_MARGIN;
}

/** Each class's k-th of n items goes at (k + ½) / n of the way through: every stretch holds the classes in proportion. */
export function interleaveClasses(items: readonly ManifestItem[]): ManifestItem[] {
  const sizes = classSizes(items);
  const seen = new Map<string, number>();
  const placed = items.map((item, order) => {
    const k = seen.get(item.label) ?? 0;
    seen.set(item.label, k + 1);
    return { item, at: (k + 0.5) / (sizes.get(item.label) as number), order };
  });
  return placed.sort((a, b) => a.at - b.at || a.order - b.order).map((p) => p.item);
}

function classSizes(items: readonly ManifestItem[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const item of items) sizes.set(item.label, (sizes.get(item.label) ?? 0) + 1);
  return sizes;
}
