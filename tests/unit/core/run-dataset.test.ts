import { describe, expect, it } from 'vitest';
import { datasetInfoFromConfig, runDataset, runDatasetLabel } from '../../../src/core/run-dataset';
import type { DatasetRecord } from '../../../src/core/types';

const stored = { id: 'abc', name: 'Digits', shape: [28, 28, 1], classes: ['0', '1'] } as unknown as DatasetRecord;
const info = { name: 'Digits from elsewhere', shape: [28, 28, 1] as const, classes: ['zero', 'one'] };

describe('the dataset a run names', () => {
  it('is the stored dataset when there is one, even when the run also carries a description', () => {
    expect(runDataset({ datasetId: 'abc', datasetInfo: info }, [stored])).toMatchObject({ kind: 'stored', name: 'Digits' });
    expect(runDatasetLabel({ datasetId: 'abc' }, [stored])).toBe('Digits');
  });

  it('is the described one, not stored here, for an imported run; else a deleted dataset', () => {
    expect(runDataset({ datasetId: 'xyz', datasetInfo: info }, [stored])).toEqual({ kind: 'elsewhere', name: 'Digits from elsewhere', info });
    expect(runDatasetLabel({ datasetId: 'xyz', datasetInfo: info }, [stored])).toBe('Digits from elsewhere (not stored here)');
    expect(runDatasetLabel({ datasetId: 'xyz' }, [stored])).toBe('deleted dataset');
  });
});

describe('datasetInfoFromConfig (zips written before run.json carried it)', () => {
  const config = (dataset: unknown) => JSON.stringify({ runId: 'r', dataset, model: {} });

  it('reads the name, shape and classes config.json gives the run\'s dataset', () => {
    const json = config({ id: 'abc', name: 'Digits', layout: 'csv', shape: [28, 28, 1], classes: ['0', '1'], manifest: [] });
    expect(datasetInfoFromConfig(json, 'abc')).toEqual({ name: 'Digits', shape: [28, 28, 1], classes: ['0', '1'] });
  });

  it('gives nothing, and never throws, for another dataset, a bare id, a bad shape or a file that is not JSON', () => {
    expect(datasetInfoFromConfig(config({ id: 'other', name: 'Digits', shape: [28, 28, 1], classes: [] }), 'abc')).toBeUndefined();
    expect(datasetInfoFromConfig(config({ id: 'abc' }), 'abc')).toBeUndefined();
    expect(datasetInfoFromConfig(config({ id: 'abc', name: 'Digits', shape: [28, 28, 2], classes: [] }), 'abc')).toBeUndefined();
    expect(datasetInfoFromConfig('{"dataset":', 'abc')).toBeUndefined();
    expect(datasetInfoFromConfig(undefined, 'abc')).toBeUndefined();
  });
});
