import { describe, expect, it } from 'vitest';
import { importKindOf } from '../../../src/core/import-kind';

describe('importKindOf', () => {
  it('takes a run zip (trainyard/run.json beside model.json) for runs', () => {
    expect(importKindOf(['model.json', 'weights.bin', 'trainyard/run.json', 'report.html'])).toBe('runs');
  });

  it('takes a study zip (a folder per run) for runs', () => {
    expect(importKindOf(['leaderboard.csv', 'mlp-quick/trainyard/run.json', 'mlp-quick/weights.bin'])).toBe('runs');
  });

  it('takes a tfjs model folder (model.json and shards, below the folder name) for runs', () => {
    expect(importKindOf(['tiny-cnn/model.json', 'tiny-cnn/group1-shard1of1.bin'])).toBe('runs');
    expect(importKindOf(['my model\\model.json'])).toBe('runs');
  });

  it('takes folders of images and CSVs for a dataset', () => {
    expect(importKindOf(['digits/train/0/a.png', 'digits/test/groundtruth.csv', 'digits/notes.json'])).toBe('dataset');
    expect(importKindOf([])).toBe('dataset');
  });

  it('does not mistake a file merely ending in model.json or run.json for one', () => {
    expect(importKindOf(['cats/mymodel.json', 'trainyard-run.json', 'x/run.json'])).toBe('dataset');
  });
});
