import { describe, expect, it } from 'vitest';
import { analysisFileSchema } from '../../../src/core/analysis-schema';
import { parseWith } from '../../../src/core/record-schema';
import type { RunRecord } from '../../../src/core/run';
import { parseRunRecord } from '../../../src/core/run-schema';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';

const run: RunRecord = {
  id: 'd/mlp/quick', datasetId: 'd', modelId: 'mlp', hparamsId: 'quick', model: BUILT_IN_MODELS[0]!, hparams: BUILT_IN_HPARAMS[0]!,
  status: 'done', enqueuedAt: 1, startedAt: 2, finishedAt: 3, backend: 'cpu', checkpointEpoch: 1, testAccuracy: 0.5,
  history: [
    { epoch: 0, loss: 1.5, accuracy: 0.4, valLoss: 1.2, valAccuracy: 0.5, seconds: 2, samplesPerSecond: 100 },
    { epoch: 1, loss: NaN, accuracy: Infinity, valLoss: -Infinity, valAccuracy: 0.6, seconds: 2, samplesPerSecond: 100 },
  ],
};
const json = (value: unknown) => JSON.stringify(value);
const edited = (change: (r: Record<string, unknown>) => void): string => {
  const copy = JSON.parse(json(run)) as Record<string, unknown>;
  change(copy);
  return json(copy);
};

describe('run schema', () => {
  it('reads back what the app writes, non-finite numbers (null in JSON) as NaN', () => {
    const back = parseRunRecord(json(run), 'run.json') as RunRecord;
    expect(back.history[0]).toEqual(run.history[0]);
    expect(back.history[1]).toEqual({ ...run.history[1], loss: NaN, accuracy: NaN, valLoss: NaN });
    expect({ ...back, history: [] }).toEqual({ ...run, history: [] });
  });

  it('takes a model without a description (older files) as an empty description', () => {
    const back = parseRunRecord(edited((r) => delete (r.model as Record<string, unknown>).description), 'run.json') as RunRecord;
    expect(back.model.description).toBe('');
  });

  it('takes an epoch with loss null or missing as NaN', () => {
    const back = parseRunRecord(edited((r) => {
      const [first, second] = r.history as Record<string, unknown>[];
      first!.loss = null;
      delete second!.samplesPerSecond;
    }), 'run.json') as RunRecord;
    expect(back.history.map((h) => [h.loss, h.samplesPerSecond])).toEqual([[NaN, 100], [NaN, NaN]]);
  });

  it.each([
    ['a model name that is not text', (r: Record<string, unknown>) => void ((r.model as Record<string, unknown>).name = 5), 'run.json: "model.name" must be text, but is 5'],
    ['a loss written as text', (r: Record<string, unknown>) => void ((r.history as Record<string, unknown>[])[0]!.loss = 'low'), 'run.json: "history[0].loss" must be a number or null, but is "low"'],
    ['an unknown status', (r: Record<string, unknown>) => void (r.status = 'great'), 'run.json: "status" must be one of "queued", "running", "done", "failed", "cancelled", "pruned", but is "great"'],
    ['a run still queued', (r: Record<string, unknown>) => void (r.status = 'queued'), 'run.json: the run is queued; only finished runs can be imported'],
    ['an epoch that is not a whole number', (r: Record<string, unknown>) => void ((r.history as Record<string, unknown>[])[0]!.epoch = 0.5), 'run.json: "history[0].epoch" must be a whole number from 0 to 100000, but is 0.5'],
  ])('refuses %s, naming the field', (_, change, message) => {
    expect(parseRunRecord(edited(change), 'run.json')).toBe(message);
  });

  it('drops fields it does not know, __proto__ included, and keeps a plain prototype', () => {
    const back = parseRunRecord(json(run).replace('{"id"', '{"__proto__":{"polluted":true},"extra":1,"id"'), 'run.json') as RunRecord & Record<string, unknown>;
    expect(back.extra).toBeUndefined();
    expect(back.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('analysis schema', () => {
  const analysis = {
    runId: 'r', datasetId: 'd', createdAt: 1, seconds: 1, shape: [2, 2, 1], classes: ['a', 'b'], parameters: 10,
    metrics: {
      count: 2, accuracy: null, loss: null, confusion: [[1, 0], [0, 1]],
      perClass: [{ precision: 1, recall: 1, f1: 1, support: 1, predicted: 1 }, { precision: null, recall: 1, f1: 1, support: 1, predicted: 1 }],
      macro: { precision: 1, recall: 1, f1: 1 }, weighted: { precision: 1, recall: 1, f1: 1 }, topK: [],
      calibration: { bins: [{ lower: 0, upper: 1, count: 0, meanConfidence: null, accuracy: null }], ece: null },
    },
    confident: [], spectacular: [],
  };

  it('reads null measurements as NaN and keeps an empty calibration bin null', () => {
    const back = parseWith(analysisFileSchema, analysis, 'a.json');
    if (typeof back === 'string') throw new Error(back);
    expect(back.metrics?.accuracy).toBeNaN();
    expect(back.metrics?.perClass[1]?.precision).toBeNaN();
    expect(back.metrics?.calibration.bins[0]?.meanConfidence).toBeNull();
  });

  it('refuses a confusion matrix that does not match the classes', () => {
    const wrong = { ...analysis, classes: ['a', 'b', 'c'] };
    expect(parseWith(analysisFileSchema, wrong, 'a.json')).toBe('a.json: the record must be an analysis with a confusion matrix and per-class scores for its 3 classes, but is an object');
  });
});
