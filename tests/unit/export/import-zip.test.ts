import 'fake-indexeddb/auto';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetInfoOf } from '../../../src/core/run-dataset';
import { addRunFiles } from '../../../src/export/run-zip';
import { RunArchive } from '../../../src/export/run-archive';
import { openTrainyardDB, type TrainyardDB } from '../../../src/storage/db';
import { AnalysisStore } from '../../../src/storage/analyses';
import { ArtifactStore } from '../../../src/storage/artifacts';
import { DatasetStore } from '../../../src/storage/datasets';
import { RunStore } from '../../../src/storage/runs';
import { putImportedRuns } from '../../../src/storage/run-import';
import { fakePlots, trainedRun, type TrainedRun } from './run-fixture';

let trained: TrainedRun;
let good: Uint8Array<ArrayBuffer>;
let dbCount = 0;

beforeAll(async () => {
  trained = await trainedRun();
  const zip = new JSZip();
  await addRunFiles(zip, trained.bundle, fakePlots, {});
  good = (await zip.generateAsync({ type: 'uint8array' })).slice();
});

async function archiveOn(): Promise<{ db: TrainyardDB; archive: RunArchive }> {
  const db = await openTrainyardDB(`import-test-${dbCount++}`);
  const stores = { runs: new RunStore(db), artifacts: new ArtifactStore(db), analyses: new AnalysisStore(db), datasets: new DatasetStore(db) };
  return { db, archive: new RunArchive({ ...stores, putImportedRuns: (runs) => putImportedRuns(db, runs) }, fakePlots, {}) };
}

/** The good zip changed by `edit`. */
async function altered(edit: (zip: JSZip) => void | Promise<void>): Promise<Blob> {
  const zip = await JSZip.loadAsync(good);
  await edit(zip);
  return new Blob([(await zip.generateAsync({ type: 'uint8array' })).slice()]);
}

async function storedCounts(db: TrainyardDB): Promise<number[]> {
  return Promise.all([db.count('runs'), db.count('artifacts'), db.count('analyses')]);
}

describe('importing a run zip', () => {
  it('stores the run, its model and its analysis, and exports the same run again', async () => {
    const { db, archive } = await archiveOn();
    const runs = await archive.importRuns('run.zip', new Blob([good]));
    expect(runs.map((r) => r.run.id)).toEqual([trained.bundle.run.id]);
    expect(await storedCounts(db)).toEqual([1, 1, 1]);
    expect(await db.get('runs', trained.bundle.run.id)).toEqual({ ...trained.bundle.run, datasetInfo: datasetInfoOf(trained.bundle.dataset) });
    expect((await db.get('analyses', trained.bundle.run.id))?.metrics?.accuracy).toBe(trained.bundle.analysis.metrics!.accuracy);
    const again = await archive.runZip(trained.bundle.run.id);
    const reread = await JSZip.loadAsync(await again.blob.arrayBuffer());
    expect(await reread.file('group1-shard1of1.bin')!.async('uint8array')).toEqual(new Uint8Array(trained.bundle.artifacts.weightData));
    expect(again.name).toBe('mlp-quick-adam-4-epochs.zip');
  });

  it('keeps the dataset\'s name with the run: from run.json, or from config.json in a zip written before run.json carried it', async () => {
    const older = await altered(async (zip) => {
      const run = JSON.parse(await zip.file('trainyard/run.json')!.async('string')) as Record<string, unknown>;
      delete run.datasetInfo;
      zip.file('trainyard/run.json', JSON.stringify(run));
    });
    const expected = datasetInfoOf(trained.bundle.dataset);
    for (const data of [new Blob([good]), older]) {
      const { db, archive } = await archiveOn();
      const [imported] = await archive.importRuns('run.zip', data);
      expect(imported?.run.datasetInfo).toEqual(expected);
      expect((await db.get('runs', trained.bundle.run.id))?.datasetInfo).toEqual(expected);
    }
    // Re-exported from a profile without the dataset, the run still describes it.
    const { archive } = await archiveOn();
    await archive.importRuns('run.zip', older);
    const again = await JSZip.loadAsync(await (await archive.runZip(trained.bundle.run.id)).blob.arrayBuffer());
    const config = JSON.parse(await again.file('config.json')!.async('string')) as { dataset: unknown };
    expect(config.dataset).toEqual({ id: trained.bundle.run.datasetId, ...expected });
  });

  const bad: [string, (zip: JSZip) => void | Promise<void>, string | (() => string)][] = [
    ['an entry climbing out with ../', (z) => void z.file('../x', 'boom'), 'bad.zip: refused, "../x" climbs out of the archive with "..". Nothing was imported.'],
    ['an absolute entry name', (z) => void z.file('/etc/passwd', 'boom'), 'bad.zip: refused, "/etc/passwd" is an absolute path. Nothing was imported.'],
    ['no model.json', (z) => void z.remove('model.json'), 'bad.zip: model.json is missing. Nothing was imported.'],
    ['a malformed run.json', (z) => void z.file('trainyard/run.json', '{"id": 3'), 'bad.zip: trainyard/run.json is not valid JSON. Nothing was imported.'],
    ['a run.json without history', async (z) => {
      const run = JSON.parse(await z.file('trainyard/run.json')!.async('string'));
      delete run.history;
      z.file('trainyard/run.json', JSON.stringify(run));
    }, 'bad.zip: trainyard/run.json: "history" must be a list, but is missing. Nothing was imported.'],
    ['a truncated weight file', async (z) => {
      const w = await z.file('group1-shard1of1.bin')!.async('uint8array');
      z.file('group1-shard1of1.bin', w.subarray(0, w.length - 4));
    }, () => {
      const size = trained.bundle.artifacts.weightData.byteLength;
      return `bad.zip: model.json: the weight files hold ${size - 4} bytes but the manifest declares ${size}. Nothing was imported.`;
    }],
    ['a weight path outside the archive', async (z) => {
      const m = JSON.parse(await z.file('model.json')!.async('string'));
      m.weightsManifest[0].paths = ['../../w.bin'];
      z.file('model.json', JSON.stringify(m));
    }, 'bad.zip: model.json: weight file "../../w.bin" climbs out of the archive with "..". Nothing was imported.'],
    ['a weight whose dtype is a name of Object.prototype', async (z) => {
      const m = JSON.parse(await z.file('model.json')!.async('string'));
      m.weightsManifest[0].weights[0].dtype = 'constructor';
      z.file('model.json', JSON.stringify(m));
    }, () => `bad.zip: model.json: weight "${(trained.bundle.artifacts.weightSpecs[0] as { name: string }).name}" has an unsupported dtype constructor. Nothing was imported.`],
    ['a run.json whose history holds a loss as text', async (z) => {
      const run = JSON.parse(await z.file('trainyard/run.json')!.async('string'));
      run.history[1].loss = 'low';
      z.file('trainyard/run.json', JSON.stringify(run));
    }, 'bad.zip: trainyard/run.json: "history[1].loss" must be a number or null, but is "low". Nothing was imported.'],
    ['an analysis whose matrix does not match its classes', async (z) => {
      const a = JSON.parse(await z.file('trainyard/analysis.json')!.async('string'));
      z.file('trainyard/analysis.json', JSON.stringify({ ...a, classes: a.classes.slice(1) }));
    }, 'bad.zip: trainyard/analysis.json: the record must be an analysis with a confusion matrix and per-class scores for its 9 classes, but is an object. Nothing was imported.'],
    ['an analysis of another run', async (z) => {
      const a = JSON.parse(await z.file('trainyard/analysis.json')!.async('string'));
      z.file('trainyard/analysis.json', JSON.stringify({ ...a, runId: 'other' }));
    }, 'bad.zip: trainyard/analysis.json belongs to run other, not digits/mlp/quick. Nothing was imported.'],
    ['neither a run nor a model', (z) => void z.remove('trainyard').remove('model.json'), 'bad.zip: neither a Trainyard run (trainyard/run.json) nor a tfjs model (model.json) was found. Nothing was imported.'],
    ['a bare model that does not take images', async (z) => {
      z.remove('trainyard');
      const m = JSON.parse(await z.file('model.json')!.async('string'));
      m.modelTopology.config.layers[0].config.batch_input_shape = [null, 784];
      z.file('model.json', JSON.stringify(m));
    }, 'bad.zip: model.json: the model takes input of shape [null, 784]; only image models taking [batch, height, width, 1 or 3] can be tried on images. Nothing was imported.'],
  ];

  for (const [what, edit, message] of bad) {
    it(`refuses a zip with ${what}, saying so, and writes nothing`, async () => {
      const { db, archive } = await archiveOn();
      const error = await archive.importRuns('bad.zip', await altered(edit)).then(() => undefined, (e: Error) => e.message);
      expect(error).toBe(typeof message === 'string' ? message : message());
      expect(await storedCounts(db)).toEqual([0, 0, 0]);
    });
  }

  it('imports a run.json without a model description and with a null loss, and exports it again showing —', async () => {
    const { db, archive } = await archiveOn();
    const [imported] = await archive.importRuns('old.zip', await altered(async (z) => {
      const run = JSON.parse(await z.file('trainyard/run.json')!.async('string'));
      delete run.model.description;
      run.history[0].loss = null;
      z.file('trainyard/run.json', JSON.stringify(run));
    }));
    expect(imported!.run.model.description).toBe('');
    expect(imported!.run.history[0]!.loss).toBeNaN();
    expect(await storedCounts(db)).toEqual([1, 1, 1]);
    const again = await JSZip.loadAsync(await (await archive.runZip(imported!.run.id)).blob.arrayBuffer());
    expect(await again.file('report.html')!.async('string')).toMatch(/<tr><td>1<\/td><td>—<\/td>/);
  });

  it('imports a bare tfjs model (no run) as a finished run to try on images, with its input shape and classes', async () => {
    const { db, archive } = await archiveOn();
    const [imported] = await archive.importRuns('digits-model.zip', await altered((z) => void z.remove('trainyard')));
    expect(imported!.run).toMatchObject({ status: 'done', datasetId: 'imported', model: { name: 'digits-model' }, history: [] });
    expect(imported!.analysis).toMatchObject({ shape: [28, 28, 1], classes: '0123456789'.split('') });
    expect(imported!.analysis!.metrics).toBeUndefined();
    expect(imported!.analysis!.parameters).toBe(trained.bundle.analysis.parameters);
    expect(await storedCounts(db)).toEqual([1, 1, 1]);
    expect(new Uint8Array((await db.get('artifacts', imported!.run.id))!.weightData)).toEqual(new Uint8Array(trained.bundle.artifacts.weightData));
  });

  it('imports a picked folder holding model.json and its weights', async () => {
    const { archive } = await archiveOn();
    const zip = await JSZip.loadAsync(good);
    const files = await Promise.all(['model.json', 'group1-shard1of1.bin'].map(async (f) => ({ path: `my-model/${f}`, file: new Blob([(await zip.file(f)!.async('uint8array')).slice()]) })));
    const [imported] = await archive.importFolder('my-model', files);
    expect(imported!.analysis!.shape).toEqual([28, 28, 1]);
    await expect(archive.importFolder('half', files.slice(0, 1))).rejects.toThrow('half: my-model/model.json: names weight file group1-shard1of1.bin, which is missing. Nothing was imported.');
  });

  it('refuses something that is not a zip', async () => {
    const { archive } = await archiveOn();
    await expect(archive.importRuns('notes.zip', new Blob(['hello']))).rejects.toThrow(/^notes\.zip: not a readable zip/);
  });
});
