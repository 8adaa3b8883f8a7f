// Failure cases: wrong predictions ranked two ways, with a deterministic order among equal values
// (the lower test index first), so the same model always shows the same list.
import type { FailureIndex } from './analysis';
import type { Probabilities } from './metrics';

/** Every wrong prediction with its confidence and the probability given to the true class (rows with no prediction left out). */
export function wrongPredictions(p: Probabilities, labels: ArrayLike<number>, predicted: ArrayLike<number>): FailureIndex[] {
  const out: FailureIndex[] = [];
  for (let i = 0; i < p.count; i++) {
    const label = labels[i] as number;
    const guess = predicted[i] as number;
    if (label === guess || guess < 0) continue; // -1: a non-finite row has no prediction to be wrong with
    out.push({
      index: i, label, predicted: guess,
      confidence: p.values[i * p.classes + guess] as number,
      trueProbability: p.values[i * p.classes + label] as number,
    });
  }
  return out;
}

/** The wrong predictions made with the highest confidence, at most `limit`. */
export function mostConfidentFailures(wrong: readonly FailureIndex[], limit: number): FailureIndex[] {
  return [...wrong].sort((a, b) => b.confidence - a.confidence || a.index - b.index).slice(0, limit);
}

/** The wrong predictions that gave the true class the lowest probability, at most `limit`. */
export function mostSpectacularFailures(wrong: readonly FailureIndex[], limit: number): FailureIndex[] {
  return [...wrong].sort((a, b) => a.trueProbability - b.trueProbability || a.index - b.index).slice(0, limit);
}
