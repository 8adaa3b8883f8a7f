// The order of a dataset's classes, which is the order of every table, matrix and export made from it (a class's
// index is its place here). Numbers count up (2 before 10); folder names read naturally (class2 before class10);
// a CSV's own labels keep the order its rows first use them, as the person who wrote it listed them.
import type { LayoutKind } from './types';

const NUMBER = /^-?\d+(\.\d+)?$/;

/** The order of the classes found in a layout; `labels` as the training rows or files give them, repeats allowed. */
export function classOrder(layout: LayoutKind, labels: Iterable<string>): string[] {
  const distinct = [...new Set(labels)];
  if (distinct.every((l) => NUMBER.test(l))) return [...distinct].sort(byNumber);
  return layout === 'csv' ? distinct : [...distinct].sort(naturally);
}

/**
 * The order datasets were stored in before this one: numbers counting up, other labels by `localeCompare`.
 * Their ids hash that order, so an import compares against it too (see ingest): the same folder finds its earlier
 * version instead of storing a copy whose classes are only ordered differently.
 */
export function earlierClassOrder(labels: readonly string[]): string[] {
  // The comparators exactly as they were (no tie-break), so the ids computed from this order match.
  if (labels.every((l) => NUMBER.test(l))) return [...labels].sort((a, b) => Number(a) - Number(b));
  return [...labels].sort((a, b) => a.localeCompare(b));
}

/** Digit runs compared by their value, the rest as `localeCompare` does (as before, for names without digits). */
export function naturally(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

function byNumber(a: string, b: string): number {
  return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
}
