// The thin path: "Try the sample" in the real page, on the backend it chooses (Automatic, measured on first use in
// this fresh profile): training samples/s, and the seconds from the click to the run shown as done (target: < 5 s;
// it holds the import, Automatic's measuring and the whole run); and validation apart from test on every run of the
// sample (target: reported apart, and different).
import { readStore, trainSample } from './browser.mjs';

export async function measure({ baseURL, launch, print }) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const clickToTrained = await trainSample(page, baseURL);
    const runs = await readStore(page, 'runs');
    const [run] = runs;
    const epochs = run.history;
    const samples = epochs.reduce((n, e) => n + e.samplesPerSecond * (e.seconds || 0), 0);
    const seconds = epochs.reduce((n, e) => n + e.seconds, 0);
    print({
      name: 'thin-path training', value: round(samples / seconds), unit: 'samples/s', backend: run.backend,
      model: run.model.id, batchSize: run.hparams.batchSize, epochs: epochs.length, testAccuracy: round(run.testAccuracy, 4),
      perEpoch: epochs.map((e) => round(e.samplesPerSecond)),
    });
    print({
      name: 'thin-path click to trained', value: round(clickToTrained, 2), unit: 's', backend: run.backend, model: run.model.id,
      trainingSeconds: round(seconds, 2), backendReason: run.backendReason,
    });
    const done = runs.filter((r) => r.status === 'done');
    const apart = done.map((r) => {
      const valAccuracy = Math.max(...r.history.map((e) => e.valAccuracy));
      return {
        runId: r.id, validation: r.validation ?? null, valAccuracy: round(valAccuracy, 4), testAccuracy: round(r.testAccuracy, 4),
        differ: r.validation?.kind === 'split' && valAccuracy !== r.testAccuracy,
      };
    });
    print({ name: 'thin-path validation apart from test', value: apart.length > 0 && apart.every((a) => a.differ), unit: 'boolean', backend: run.backend, runs: apart });
  } finally {
    await browser.close();
  }
}

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
