// Calibration of the top-class confidence: equal-width bins over [0, 1] and the expected calibration error.
import type { Calibration, CalibrationBin } from './analysis';

/**
 * Bins confidences into `binCount` equal-width bins ([0, 0.1), …, [0.9, 1.0] for 10; 1.0 goes in the last).
 * ECE = Σ (bin count / total) × |bin accuracy − bin mean confidence|; 0 when there is nothing to bin. A NaN or
 * infinite confidence goes in no bin and makes the ECE NaN (undefined), where it once landed nowhere and gave 0 %.
 */
export function calibrationOf(confidence: ArrayLike<number>, correct: ArrayLike<boolean>, binCount = 10): Calibration {
  const counts = new Array<number>(binCount).fill(0);
  const confidenceSums = new Array<number>(binCount).fill(0);
  const correctCounts = new Array<number>(binCount).fill(0);
  let nonFinite = 0;
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i] as number;
    if (!Number.isFinite(c)) {
      nonFinite++;
      continue;
    }
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor(c * binCount)));
    counts[bin] = (counts[bin] as number) + 1;
    confidenceSums[bin] = (confidenceSums[bin] as number) + c;
    if (correct[i]) correctCounts[bin] = (correctCounts[bin] as number) + 1;
  }
  const total = confidence.length;
  let ece = 0;
  const bins: CalibrationBin[] = counts.map((count, b) => {
    const lower = b / binCount;
    const upper = (b + 1) / binCount;
    if (count === 0) return { lower, upper, count, meanConfidence: null, accuracy: null };
    const meanConfidence = (confidenceSums[b] as number) / count;
    const accuracy = (correctCounts[b] as number) / count;
    ece += (count / total) * Math.abs(accuracy - meanConfidence);
    return { lower, upper, count, meanConfidence, accuracy };
  });
  return { bins, ece: nonFinite > 0 ? Number.NaN : ece };
}
