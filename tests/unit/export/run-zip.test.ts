import * as tf from '@tensorflow/tfjs';
import JSZip from 'jszip';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRunFiles } from '../../../src/export/run-zip';
import { readRunZip } from '../../../src/export/import-zip';
import { leaderboardCsv, runFolders } from '../../../src/export/study-zip';
import { readEvents } from '../../support/tfevents-reader';
import { analysisFileSchema } from '../../../src/core/analysis-schema';
import { parseWith } from '../../../src/core/record-schema';
import { datasetInfoOf } from '../../../src/core/run-dataset';
import { parseRunRecord, runSchema } from '../../../src/core/run-schema';
import { fakePlots, trainedRun, type TrainedRun } from './run-fixture';

let trained: TrainedRun;
let zip: JSZip;
let bytes: Uint8Array;

beforeAll(async () => {
  trained = await trainedRun();
  zip = new JSZip();
  await addRunFiles(zip, trained.bundle, fakePlots, { '@tensorflow/tfjs': '4.22.0' });
  bytes = await zip.generateAsync({ type: 'uint8array' });
});

describe('run zip', () => {
  it('holds the model, history, metrics, config, plots, report and TensorBoard logs', async () => {
    const names = Object.keys((await JSZip.loadAsync(bytes)).files).filter((n) => !n.endsWith('/')).sort();
    const log = (split: string) => `logs/${split}/events.out.tfevents.${Math.floor(trained.bundle.run.startedAt! / 1000)}.trainyard`;
    expect(names).toEqual([
      'config.json', 'confusion.csv', 'group1-shard1of1.bin', 'history.json', log('train'), log('validation'), 'metrics.json', 'model.json',
      'plots/accuracy.png', 'plots/loss.png', 'report.html', 'scores.csv', 'trainyard/analysis.json', 'trainyard/run.json',
    ].sort());
    const config = JSON.parse(await zip.file('config.json')!.async('string'));
    expect(config.dataset).toMatchObject({ id: 'digits', shape: [28, 28, 1], classes: '0123456789'.split('') });
    expect(config.model.layers).toEqual(trained.bundle.run.model.layers);
    expect(config.hyperparameters.epochs).toBe(3);
    expect(config.backend).toBe('cpu');
    expect(config.validation).toEqual({ kind: 'split', fraction: 0.15, seed: 1, images: 50, description: '15 % of train held out, 50 images, stratified by class, seed 1' });
    expect(config.versions['@tensorflow/tfjs']).toBe('4.22.0');
    expect(JSON.parse(await zip.file('history.json')!.async('string'))).toHaveLength(3);
    expect(decode(await zip.file('plots/loss.png')!.async('uint8array')).width).toBe(2);
    const html = await zip.file('report.html')!.async('string');
    expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo');
    expect(html).toContain('data-file="plots/loss.png"');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('<th scope="row">Validation</th><td>15 % of train held out, 50 images, stratified by class, seed 1</td>');
  });

  it('has a model.json that tfjs loads and that reproduces the stored test accuracy on the same images', async () => {
    const modelJson = JSON.parse(await zip.file('model.json')!.async('string'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    const weights = await zip.file('group1-shard1of1.bin')!.async('uint8array');
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: weights.slice().buffer,
    }));
    const test = trained.test;
    const x = tf.tidy(() => tf.tensor4d(Float32Array.from(test.flatMap((d) => [...d.pixels]), (v) => v / 255), [test.length, 28, 28, 1]));
    const predicted = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1));
    const labels = await predicted.data();
    tf.dispose([x, predicted]);
    model.dispose();
    const correct = test.filter((d, i) => labels[i] === d.label).length;
    expect(correct / test.length).toBe(trained.bundle.analysis.metrics!.accuracy);
  });

  it('writes every epoch of train and validation loss and accuracy as TensorBoard scalars', async () => {
    const files = Object.keys(zip.files).filter((n) => n.startsWith('logs/') && !n.endsWith('/'));
    for (const [split, loss, acc] of [['train', 'loss', 'accuracy'], ['validation', 'valLoss', 'valAccuracy']] as const) {
      const events = readEvents(await zip.file(files.find((f) => f.startsWith(`logs/${split}/`))!)!.async('uint8array'));
      expect(events[0]!.fileVersion).toBe('brain.Event:2');
      for (const h of trained.bundle.run.history) {
        const at = events.filter((e) => e.step === h.epoch);
        expect(at.flatMap((e) => e.scalars.map((s) => s.tag)).sort()).toEqual(['epoch_accuracy', 'epoch_loss']);
        expect(at.flatMap((e) => e.scalars).find((s) => s.tag === 'epoch_loss')!.value).toBeCloseTo(h[loss], 5);
        expect(at.flatMap((e) => e.scalars).find((s) => s.tag === 'epoch_accuracy')!.value).toBeCloseTo(h[acc], 5);
      }
    }
  });

  it('reads back to the same run, model bytes and analysis (failure images included)', async () => {
    const [back] = await readRunZip('run.zip', bytes);
    // With its dataset's name, shape and classes, so it names them where the dataset is not stored.
    expect(back!.run).toEqual({ ...trained.bundle.run, datasetInfo: { name: 'Digits', shape: [28, 28, 1], classes: '0123456789'.split('') } });
    expect(new Uint8Array(back!.artifacts.weightData)).toEqual(new Uint8Array(trained.bundle.artifacts.weightData));
    expect(back!.artifacts.modelTopology).toEqual(trained.bundle.artifacts.modelTopology);
    expect(back!.analysis).toEqual(trained.bundle.analysis);
    expect(back!.analysis!.confident[0]!.pixels).toHaveLength(784);
  });
});

describe('run zip with numbers that are not numbers', () => {
  it('passes the schema the import checks: every record the app writes is one it reads', async () => {
    const run = parseWith(runSchema, JSON.parse(await zip.file('trainyard/run.json')!.async('string')), 'run.json');
    expect(run).toEqual({ ...trained.bundle.run, datasetInfo: datasetInfoOf(trained.bundle.dataset) });
    const analysis = parseWith(analysisFileSchema, JSON.parse(await zip.file('trainyard/analysis.json')!.async('string')), 'analysis.json');
    expect(typeof analysis).not.toBe('string');
  });

  it('exports a run whose history and metrics hold NaN, ±Infinity and null without throwing, showing "—"', async () => {
    const a = trained.bundle;
    const history = a.run.history.map((h, i) => (i === 0 ? { ...h, loss: NaN, valLoss: Infinity, accuracy: -Infinity, seconds: NaN } : h));
    const fromFile = JSON.parse(JSON.stringify({ ...a.run, history }).replace('"valAccuracy":', '"valAccuracy":null,"x":'));
    const run = parseRunRecord(JSON.stringify(fromFile), 'run.json');
    if (typeof run === 'string') throw new Error(run);
    const metrics = { ...a.analysis.metrics!, loss: NaN, accuracy: NaN, calibration: { ...a.analysis.metrics!.calibration, ece: Infinity } };
    const out = new JSZip();
    await addRunFiles(out, { ...a, run: { ...run, testAccuracy: NaN }, analysis: { ...a.analysis, metrics, parameters: NaN } }, fakePlots, {});
    const html = await out.file('report.html')!.async('string');
    expect(html).toContain('<tr><td>1</td><td>—</td><td>—</td><td>—</td><td>—</td></tr>');
    expect(html).toContain('<th scope="row">Test loss</th><td>—</td>');
    expect(html).toContain('<th scope="row">Test accuracy</th><td>—</td>');
    expect(html).not.toMatch(/NaN|Infinity/);
    expect(await out.file('scores.csv')!.async('string')).toContain('\r\naccuracy,,,,');
    expect(leaderboardCsv([{ ...a, run, analysis: { ...a.analysis, metrics } }], ['f'])).not.toMatch(/NaN|Infinity/);
    const start = Math.floor(a.run.startedAt! / 1000);
    const events = readEvents(await out.file(`logs/train/events.out.tfevents.${start}.trainyard`)!.async('uint8array'));
    expect(events.every((e) => Number.isFinite(e.wallTime))).toBe(true);
    expect(events.flatMap((e) => e.scalars).filter((s) => s.tag === 'epoch_loss')).toHaveLength(a.run.history.length - 1);
  });
});

describe('study zip', () => {
  it('names one folder per run, unique, and ranks the runs by validation accuracy in leaderboard.csv', () => {
    const a = trained.bundle;
    // b validates better and tests worse than a: the ranking follows validation.
    const history = a.run.history.map((h) => ({ ...h, valAccuracy: 0.999 }));
    const b = { ...a, run: { ...a.run, id: 'digits/mlp/other', hparamsId: 'other', history }, analysis: { ...a.analysis, runId: 'digits/mlp/other', metrics: { ...a.analysis.metrics!, accuracy: 0.01 } } };
    const folders = runFolders([a, b]);
    expect(folders).toEqual(['digits-mlp-quick-adam-4-epochs', 'digits-mlp-quick-adam-4-epochs-2']);
    const rows = leaderboardCsv([a, b], folders).split(/\r?\n/);
    expect(rows[0]).toBe('rank,folder,dataset,datasetId,model,hyperparameters,valAccuracy,testAccuracy,validation,testLoss,trainingSeconds,parameters,runId');
    expect(rows[1]).toMatch(/^1,digits-mlp-quick-adam-4-epochs-2,Digits,digits,MLP,.*,0\.999,0\.01,train split,/);
    expect(rows[2]).toContain(`,${a.analysis.metrics!.accuracy},`);
  });
});
