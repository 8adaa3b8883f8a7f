// Analysis of the sample's run in the training worker: test images predicted and measured per second.
import { setTimeout as sleep } from 'node:timers/promises';
import { readStore, trainSample } from './browser.mjs';

export async function measure({ baseURL, launch, print }) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await trainSample(page, baseURL);
    let analyses = [];
    for (let i = 0; i < 600 && analyses.length === 0; i++) {
      analyses = await readStore(page, 'analyses');
      if (analyses.length === 0) await sleep(500);
    }
    const [run] = await readStore(page, 'runs');
    const [a] = analyses;
    if (!a?.metrics) throw new Error('no analysis with metrics was stored');
    print({
      name: 'analysis of a run', value: round(a.metrics.count / a.seconds), unit: 'test images/s', backend: run.backend,
      model: run.model.id, testImages: a.metrics.count, seconds: round(a.seconds, 2), accuracy: round(a.metrics.accuracy, 4), ece: round(a.metrics.calibration.ece, 4),
    });
  } finally {
    await browser.close();
  }
}

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
