import { describe, expect, it } from 'vitest';
import type { AnalysisRecord } from '../../../src/core/analysis';
import { analysisToCsv, analysisToJson, confusionToCsv } from '../../../src/core/metrics-export';
import { summariseTest } from '../../../src/core/metrics-summary';

const summary = summariseTest({ values: [0.9, 0.1, 0.3, 0.7, 0.6, 0.4], count: 3, classes: 2 }, [0, 1, 1]);
const record: AnalysisRecord = {
  runId: 'd/mlp/quick', datasetId: 'd', createdAt: Date.UTC(2026, 0, 2), seconds: 1, shape: [2, 2, 1], classes: ['cat', 'dog, big'], parameters: 42,
  metrics: summary.metrics,
  confident: summary.confident.map((f) => ({ ...f, path: 'test/2.png', probabilities: [0.6, 0.4], pixels: new Uint8Array(4) })),
  spectacular: [],
};

describe('analysis export', () => {
  it('writes the per-class table, averages and totals as CSV, quoting class names with commas', () => {
    const lines = analysisToCsv(record).split('\r\n');
    expect(lines[0]).toBe('class,precision,recall,f1,support,predicted');
    expect(lines[1]).toBe('cat,0.5,1,0.6666666666666666,1,2');
    expect(lines[2]).toBe('"dog, big",1,0.5,0.6666666666666666,2,1');
    expect(lines).toContain('accuracy,,,0.6666666666666666,3,');
    expect(lines.some((l) => l.startsWith('expected calibration error,'))).toBe(true);
  });

  it('writes the confusion matrix with true classes as rows', () => {
    expect(confusionToCsv(record).split('\r\n')).toEqual(['true \\ predicted,cat,"dog, big"', 'cat,1,0', '"dog, big",1,1']);
  });

  it('writes JSON without pixels but with the failure paths', () => {
    const json = JSON.parse(analysisToJson(record, 'MLP · Quick')) as Record<string, unknown>;
    expect(json.run).toBe('MLP · Quick');
    expect(json.analysedAt).toBe('2026-01-02T00:00:00.000Z');
    expect(json.confidentFailures).toEqual([{ index: 2, path: 'test/2.png', label: 1, predicted: 0, confidence: 0.6, trueProbability: 0.4, probabilities: [0.6, 0.4] }]);
    expect(JSON.stringify(json)).not.toContain('pixels');
  });

  it('writes only the header when the test split was empty', () => {
    const { metrics: _, ...empty } = record;
    expect(analysisToCsv(empty)).toBe('class,precision,recall,f1,support,predicted');
  });
});
