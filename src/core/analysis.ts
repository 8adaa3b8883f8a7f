// What the analysis of one trained run holds: test metrics, calibration and failure cases, as plain data
// (stored in the `analyses` store, drawn by the report, exported as JSON and CSV).

export interface ClassScore {
  precision: number;
  recall: number;
  f1: number;
  /** Test images whose true class this is. */
  support: number;
  /** Test images predicted as this class. */
  predicted: number;
}

export interface AverageScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Null for an empty bin, so nothing divides by zero and no NaN reaches the screen. */
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface Calibration {
  bins: CalibrationBin[];
  /** Expected calibration error: the count-weighted mean gap between accuracy and confidence. */
  ece: number;
}

export interface TopKAccuracy {
  k: number;
  accuracy: number;
}

export interface TestMetrics {
  count: number;
  /** Test images whose outputs were NaN or infinite; when present, every summary number is NaN (not defined). */
  nonFinite?: number;
  accuracy: number;
  /** Mean cross-entropy of the true class. */
  loss: number;
  /** Rows are true classes, columns predicted classes. */
  confusion: number[][];
  perClass: ClassScore[];
  macro: AverageScores;
  weighted: AverageScores;
  /** Present only when there are more than 5 classes. */
  topK: TopKAccuracy[];
  calibration: Calibration;
}

/** One test image the model got wrong, by its index in the test split. */
export interface FailureIndex {
  index: number;
  label: number;
  predicted: number;
  confidence: number;
  trueProbability: number;
}

export interface FailureCase extends FailureIndex {
  path: string;
  probabilities: number[];
  /** h × w × c bytes, so the report can draw the image without the dataset. */
  pixels: Uint8Array;
}

export interface AnalysisRecord {
  runId: string;
  datasetId: string;
  createdAt: number;
  /** Seconds spent predicting and computing. */
  seconds: number;
  shape: readonly [number, number, 1 | 3];
  classes: string[];
  parameters: number;
  /** Absent when the test split is empty; `emptyMessage` says so in words. */
  metrics?: TestMetrics;
  emptyMessage?: string;
  /** Wrong with the highest confidence first. */
  confident: FailureCase[];
  /** Lowest probability given to the true class first. */
  spectacular: FailureCase[];
}

/**
 * What lists of runs need of an analysis (the leaderboard, "is this run analysed?"): a few numbers, stored beside
 * the analysis so the views never read failure pixels or confusion matrices of runs they do not show.
 */
export interface AnalysisSummaryRecord {
  runId: string;
  datasetId: string;
  createdAt: number;
  parameters: number;
  /** Absent when the analysis has no metrics (an empty test split). */
  metrics?: { accuracy: number; loss: number };
}

export function analysisSummaryOf(analysis: AnalysisRecord): AnalysisSummaryRecord {
  const { runId, datasetId, createdAt, parameters, metrics } = analysis;
  return { runId, datasetId, createdAt, parameters, ...(metrics ? { metrics: { accuracy: metrics.accuracy, loss: metrics.loss } } : {}) };
}
