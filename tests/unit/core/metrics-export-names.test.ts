// Hostile and prototype-named class names through the metrics and every CSV we export.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { AnalysisRecord } from '../../../src/core/analysis';
import { parseGroundTruth } from '../../../src/core/csv';
import { buildManifest } from '../../../src/core/layout';
import { analysisToCsv, confusionToCsv } from '../../../src/core/metrics-export';
import { summariseTest } from '../../../src/core/metrics-summary';
import type { RunRecord } from '../../../src/core/run';
import type { DatasetRecord } from '../../../src/core/types';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';
import { datasetZip } from '../../../src/export/dataset-zip';
import type { RunBundle } from '../../../src/export/run-zip';
import { leaderboardCsv } from '../../../src/export/study-zip';

const CLASSES = ['constructor', '__proto__', '=cmd|" /C calc"!A0', '+A1', '-x', '@SUM(A1)', 'toString', 'hasOwnProperty', '-1'];
const n = CLASSES.length;
// Image i is class i; the model gets all right except the last, which it calls class 0.
const values = Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === n - 1 ? (k % n === 0 ? 1 : 0) : k % n === Math.floor(k / n) ? 1 : 0));
const summary = summariseTest({ values, count: n, classes: n }, Array.from({ length: n }, (_, i) => i));
const record: AnalysisRecord = {
  runId: 'r', datasetId: 'd', createdAt: 0, seconds: 0, shape: [1, 1, 1], classes: CLASSES, parameters: 1,
  metrics: summary.metrics, confident: [], spectacular: [],
};
const cells = (csv: string) => csv.split('\r\n').map((line) => line.split(','));
/** A cell a spreadsheet would evaluate: starts with =, @, or + or - not followed by a plain number. */
const FORMULA_CELL = /(^|,)([=@]|[+-](?![\d.]+(,|\r|$)))/m;

describe('class names through metrics and CSV exports', () => {
  it('gives every class its own scores, whatever its name', () => {
    expect(summary.metrics.perClass.map((s) => s.support)).toEqual(CLASSES.map(() => 1));
    expect(summary.metrics.perClass[0]?.predicted).toBe(2);
    expect(summary.metrics.confusion[n - 1]?.[0]).toBe(1);
    expect(summary.metrics.accuracy).toBeCloseTo((n - 1) / n);
  });

  it('defuses formulas in scores.csv and confusion.csv', () => {
    const scores = cells(analysisToCsv(record)).slice(1, n + 1).map((row) => row[0]);
    expect(scores).toEqual(['constructor', '__proto__', `"'=cmd|"" /C calc""!A0"`, `"'+A1"`, `"'-x"`, `"'@SUM(A1)"`, 'toString', 'hasOwnProperty', '-1']);
    const confusion = confusionToCsv(record);
    expect(confusion.split('\r\n')[0]).toContain(`"'@SUM(A1)"`);
    expect(confusion).not.toMatch(FORMULA_CELL);
  });

  it('defuses formulas in the study leaderboard', () => {
    const run = (name: string, id: string): RunRecord => ({
      id, datasetId: 'd', modelId: 'm', hparamsId: 'h', model: { ...BUILT_IN_MODELS[0]!, name }, hparams: { ...BUILT_IN_HPARAMS[0]!, name: '@h' },
      status: 'done', enqueuedAt: 0, history: [], checkpointEpoch: 0,
    });
    const bundles = [run('=1+2', 'a'), run('constructor', 'b')].map((r): RunBundle => ({ run: r, artifacts: { runId: r.id, epoch: 0, modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) } }));
    const csv = leaderboardCsv(bundles, ['-f', '__proto__']);
    expect(csv).toContain(`"'=1+2"`);
    expect(csv).toContain(`"'@h"`);
    expect(csv).toContain(`"'-f"`);
    expect(csv).toContain('__proto__');
    expect(csv).not.toMatch(FORMULA_CELL);
  });

  it('defuses formulas in a dataset zip, and the zip imports with the same class names', async () => {
    const dataset: DatasetRecord = {
      id: 'd', name: 'hostile', createdAt: 0, layout: 'class-folders', shape: [1, 1, 1], classes: CLASSES,
      counts: {}, bytes: n, report: { skipped: [], warnings: [], images: n, files: n, seconds: 0 },
    };
    const shard = { datasetId: 'd', split: 'train' as const, index: 0, count: n, pixels: new Uint8Array(n), labels: Uint16Array.from(CLASSES, (_, i) => i), paths: [] };
    const blob = await datasetZip(dataset, async (split) => (split === 'train' ? [shard] : []));
    const zip = await JSZip.loadAsync(await blob.arrayBuffer());
    const csv = await zip.file('hostile/train/groundtruth.csv')!.async('string');
    expect(csv).not.toMatch(FORMULA_CELL);
    expect(parseGroundTruth(csv).rows.map((r) => r.label)).toEqual(CLASSES);
    const paths = Object.keys(zip.files).filter((p) => !p.endsWith('/'));
    const manifest = buildManifest(paths.map((path) => ({ path, size: 1 })), new Map([['hostile/train/groundtruth.csv', csv]]));
    expect([...manifest.classes].sort()).toEqual([...CLASSES].sort());
  });
});
