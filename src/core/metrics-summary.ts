// All test metrics of one run from its probabilities, in one pass the worker can call. When some outputs are
// not finite, every summary of the model is undefined (NaN); the confusion matrix keeps the finite rows.
import type { AverageScores, FailureIndex, TestMetrics } from './analysis';
import { calibrationOf } from './metrics-calibration';
import { mostConfidentFailures, mostSpectacularFailures, wrongPredictions } from './metrics-failures';
import {
  accuracyOf, argmaxRows, classScores, confusionMatrix, countNonFiniteRows, crossEntropy, macroAverage, topKAccuracies, weightedAverage, type Probabilities,
} from './metrics';

export interface MetricsWithFailures {
  metrics: TestMetrics;
  confident: FailureIndex[];
  spectacular: FailureIndex[];
}

export function summariseTest(p: Probabilities, labels: ArrayLike<number>, failureLimit = 24): MetricsWithFailures {
  const predicted = argmaxRows(p);
  const nonFinite = countNonFiniteRows(p);
  const confusion = confusionMatrix(labels, predicted, p.classes);
  const undefinedIf = (n: number) => (nonFinite > 0 ? Number.NaN : n);
  const undefinedScores = (a: AverageScores): AverageScores => ({ precision: undefinedIf(a.precision), recall: undefinedIf(a.recall), f1: undefinedIf(a.f1) });
  const perClass = classScores(confusion).map((s) => ({ ...s, precision: undefinedIf(s.precision), recall: undefinedIf(s.recall), f1: undefinedIf(s.f1) }));
  const confidence = Float64Array.from(predicted, (c, i) => (c < 0 ? Number.NaN : (p.values[i * p.classes + c] as number)));
  const correct = Array.from(predicted, (c, i) => c === labels[i]);
  const wrong = wrongPredictions(p, labels, predicted);
  return {
    metrics: {
      count: p.count,
      ...(nonFinite > 0 ? { nonFinite } : {}),
      accuracy: undefinedIf(accuracyOf(confusion)),
      loss: crossEntropy(p, labels),
      confusion,
      perClass,
      macro: undefinedScores(macroAverage(perClass)),
      weighted: undefinedScores(weightedAverage(perClass)),
      topK: topKAccuracies(p, labels),
      calibration: calibrationOf(confidence, correct),
    },
    confident: mostConfidentFailures(wrong, failureLimit),
    spectacular: mostSpectacularFailures(wrong, failureLimit),
  };
}
