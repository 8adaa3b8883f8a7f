// Seeded stratified split for class-folder datasets that come without train/ and test/.
import { seededRandom, shuffleInPlace } from './random';

/**
 * Returns, for each item, whether it goes to the test split. Per class, round(n × ratio) items go
 * to test, but a class with at least two items always keeps at least one on each side.
 */
export function splitStratified<T>(items: readonly T[], labelOf: (item: T) => string, testRatio: number, seed: number): boolean[] {
  if (!(testRatio >= 0 && testRatio < 1)) throw new Error(`test ratio must be in [0, 1), got ${testRatio}`);
  const byClass = new Map<string, number[]>();
  items.forEach((item, index) => {
    const label = labelOf(item);
    const list = byClass.get(label) ?? [];
    list.push(index);
    byClass.set(label, list);
  });
  const isTest = new Array<boolean>(items.length).fill(false);
  const labels = [...byClass.keys()].sort();
  for (const label of labels) {
    const indices = byClass.get(label) ?? [];
    const random = seededRandom(seed ^ hashLabel(label));
    shuffleInPlace(indices, random);
    let testCount = Math.round(indices.length * testRatio);
    if (indices.length >= 2 && testRatio > 0) testCount = Math.min(Math.max(testCount, 1), indices.length - 1);
    for (let i = 0; i < testCount; i++) isTest[indices[i] as number] = true;
  }
  return isTest;
}

function hashLabel(label: string): number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return h >>> 0;
}
