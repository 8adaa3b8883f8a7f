// The numbers of an analysis as files a person can open elsewhere: JSON (everything but the pixels)
// and CSV (per-class scores, averages and run totals, one table).
import { toCsv, type CsvCell } from './csv-writer';
import type { AnalysisRecord, FailureCase } from './analysis';

const failureJson = (f: FailureCase) => ({
  index: f.index, path: f.path, label: f.label, predicted: f.predicted, confidence: f.confidence,
  trueProbability: f.trueProbability, probabilities: f.probabilities,
});

/** The analysis as pretty-printed JSON, failure images left out (their paths stay). */
export function analysisToJson(record: AnalysisRecord, runName: string): string {
  return JSON.stringify({
    run: runName, runId: record.runId, datasetId: record.datasetId, analysedAt: new Date(record.createdAt).toISOString(),
    classes: record.classes, parameters: record.parameters, ...(record.emptyMessage ? { emptyMessage: record.emptyMessage } : {}),
    metrics: record.metrics ?? null,
    confidentFailures: record.confident.map(failureJson),
    spectacularFailures: record.spectacular.map(failureJson),
  }, null, 2);
}

/** One CSV table: a row per class, then macro and weighted averages, accuracy, loss, top-k and ECE. */
export function analysisToCsv(record: AnalysisRecord): string {
  const m = record.metrics;
  const header = ['class', 'precision', 'recall', 'f1', 'support', 'predicted'];
  if (!m) return toCsv(header, []);
  const rows: CsvCell[][] = m.perClass.map((s, i) => [record.classes[i] ?? String(i), s.precision, s.recall, s.f1, s.support, s.predicted]);
  rows.push(['macro average', m.macro.precision, m.macro.recall, m.macro.f1, m.count, '']);
  rows.push(['weighted average', m.weighted.precision, m.weighted.recall, m.weighted.f1, m.count, '']);
  rows.push(['accuracy', '', '', m.accuracy, m.count, '']);
  rows.push(['loss', '', '', m.loss, m.count, '']);
  for (const t of m.topK) rows.push([`top-${t.k} accuracy`, '', '', t.accuracy, m.count, '']);
  rows.push(['expected calibration error', '', '', m.calibration.ece, m.count, '']);
  return toCsv(header, rows);
}

/** The confusion matrix as CSV: true classes as rows, predicted as columns. */
export function confusionToCsv(record: AnalysisRecord): string {
  const m = record.metrics;
  const fields = ['true \\ predicted', ...record.classes];
  return toCsv(fields, (m?.confusion ?? []).map((row, i) => [record.classes[i] ?? String(i), ...row]));
}
