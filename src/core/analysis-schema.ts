// The one schema of an analysis record as stored and as written to trainyard/analysis.json (failure images
// there as base64 text, turned back into bytes by the caller). Sizes must agree with the class list, so the
// report's matrix and tables never index past it; measured numbers may be NaN.
import type { AnalysisRecord, FailureCase, TestMetrics } from './analysis';
import {
  finiteNumber, list, measured, numberOrNull, object, optional, refine, text, wholeNumber, type Infer,
} from './record-schema';

const MAX_CLASSES = 100_000;
const scores = { precision: measured, recall: measured, f1: measured };

const metricsSchema = object({
  count: wholeNumber(0),
  accuracy: measured,
  loss: measured,
  confusion: list(list(wholeNumber(0)), MAX_CLASSES),
  perClass: list(object({ ...scores, support: wholeNumber(0), predicted: wholeNumber(0) }), MAX_CLASSES),
  macro: object(scores),
  weighted: object(scores),
  topK: list(object({ k: wholeNumber(1), accuracy: measured })),
  calibration: object({
    bins: list(object({ lower: finiteNumber, upper: finiteNumber, count: wholeNumber(0), meanConfidence: numberOrNull, accuracy: numberOrNull })),
    ece: measured,
  }),
});

/** A failure case as the file holds it: `pixels` is base64 text. */
export const failureFileSchema = object({
  index: wholeNumber(0),
  label: wholeNumber(0, MAX_CLASSES),
  predicted: wholeNumber(0, MAX_CLASSES),
  confidence: measured,
  trueProbability: measured,
  path: text,
  probabilities: list(measured, MAX_CLASSES),
  pixels: text,
});

const analysisFields = {
  runId: text,
  datasetId: text,
  createdAt: finiteNumber,
  seconds: measured,
  shape: refine(list(wholeNumber(1, 100_000), 3), (s) => (s.length === 3 && (s[2] === 1 || s[2] === 3) ? undefined : '[height, width, 1 or 3]')),
  classes: list(text, MAX_CLASSES),
  parameters: measured,
  metrics: optional(metricsSchema),
  emptyMessage: optional(text),
};

export const analysisFileSchema = refine(
  object({ ...analysisFields, confident: list(failureFileSchema), spectacular: list(failureFileSchema) }),
  (a) => {
    const n = a.classes.length;
    const m = a.metrics;
    if (m && (m.confusion.length !== n || m.confusion.some((row) => row.length !== n) || m.perClass.length !== n)) {
      return `an analysis with a confusion matrix and per-class scores for its ${n} classes`;
    }
    const cases = [...a.confident, ...a.spectacular];
    if (cases.some((f) => f.label >= n || f.predicted >= n)) return `an analysis whose failure cases name classes among its ${n}`;
    return undefined;
  },
);

export type AnalysisFile = Infer<typeof analysisFileSchema>;

// Same fields as the stored record, pixels aside: a field added to one and not the other fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameMetrics: Same<Infer<typeof metricsSchema>, TestMetrics> = true;
const sameFailure: Same<Omit<Infer<typeof failureFileSchema>, 'pixels'>, Omit<FailureCase, 'pixels'>> = true;
const sameAnalysis: Same<Omit<AnalysisFile, 'confident' | 'spectacular' | 'shape'>, Omit<AnalysisRecord, 'confident' | 'spectacular' | 'shape'>> = true;
void [sameMetrics, sameFailure, sameAnalysis];
