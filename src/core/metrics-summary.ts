// All test metrics of one run from its probabilities, in one pass the worker can call.
import type { FailureIndex, TestMetrics } from './analysis';
import { calibrationOf } from './metrics-calibration';
import { mostConfidentFailures, mostSpectacularFailures, wrongPredictions } from './metrics-failures';
import {
  accuracyOf, argmaxRows, classScores, confusionMatrix, crossEntropy, macroAverage, topKAccuracies, weightedAverage, type Probabilities,
} from './metrics';

export interface MetricsWithFailures {
  metrics: TestMetrics;
  confident: FailureIndex[];
  spectacular: FailureIndex[];
}

export function summariseTest(p: Probabilities, labels: ArrayLike<number>, failureLimit = 24): MetricsWithFailures {
  const predicted = argmaxRows(p);
  const confusion = confusionMatrix(labels, predicted, p.classes);
  const perClass = classScores(confusion);
  const confidence = Float64Array.from(predicted, (c, i) => p.values[i * p.classes + c] as number);
  const correct = Array.from(predicted, (c, i) => c === labels[i]);
  const wrong = wrongPredictions(p, labels, predicted);
  return {
    metrics: {
      count: p.count,
      accuracy: accuracyOf(confusion),
      loss: crossEntropy(p, labels),
      confusion,
      perClass,
      macro: macroAverage(perClass),
      weighted: weightedAverage(perClass),
      topK: topKAccuracies(p, labels),
      calibration: calibrationOf(confidence, correct),
    },
    confident: mostConfidentFailures(wrong, failureLimit),
    spectacular: mostSpectacularFailures(wrong, failureLimit),
  };
}
