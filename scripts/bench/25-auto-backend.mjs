// Automatic's pick for every zoo model (28×28 digits, the Quick set's batch of 32) in headless Chromium, beside a
// reference rate of every backend, each in its own worker: the pick timed at the run's batch; every other backend
// timed at the run's batch too where a step of 32 takes under 15 s, else bounded from above by its quickest step at
// batch 1 (a step of 32 takes at least as long; timing plain JS or SwiftShader at 32 takes minutes per convolutional
// model), unless that bound could beat 0.9× the pick, when it is timed however long it takes. `value` is the pick's
// reference rate over the best reference rate or bound (the target: ≥ 0.9).
// Two runs per model: the sample's (1,600 images × 4 epochs: software adapters not timed) and a long one
// (60,000 × 20: they get their bounded probe).
const MODELS = (process.env.TRAINYARD_BENCH_AUTO_MODELS ?? 'logistic,mlp,small-cnn,separable-cnn,cnn_model,pure_cnn_model').split(',');
const BATCH = 32;
const RUNS = { sample: { trainCount: 1_600, epochs: 4 }, long: { trainCount: 60_000, epochs: 20 } };

export async function measure({ baseURL, launch, print }) {
  const browser = await launch();
  const withWorker = async (work) => {
    const page = await browser.newPage();
    try {
      await page.goto(new URL('bench/train.html', baseURL).href);
      await page.waitForFunction(() => typeof globalThis.trainyardBench === 'function');
      await page.evaluate(() => void (globalThis.bench = globalThis.trainyardBench()));
      return await work(page);
    } finally {
      await page.close();
    }
  };
  try {
    for (const model of MODELS) {
      const picks = {};
      for (const [run, { trainCount, epochs }] of Object.entries(RUNS)) {
        picks[run] = await withWorker((page) => page.evaluate(([m, b, n, e]) => globalThis.bench.auto(m, b, n, e), [model, BATCH, trainCount, epochs]));
      }
      // The pick first, timed at the run's batch; then the others, bounded from batch 1 unless the bound could beat
      // 0.9× the pick, when they are timed at the run's batch too, however long a step takes.
      const pickedName = picks.sample.choice.name;
      const order = [...picks.sample.choice.measurements].sort((a, b) => (b.name === pickedName) - (a.name === pickedName));
      const reference = {};
      let pickedRate = 0;
      for (const m of order) {
        reference[m.label] = await withWorker(async (page) => {
          await page.evaluate((name) => globalThis.bench.start(name), m.name);
          const time = (b, steps, from) => page.evaluate(([id, ...rest]) => globalThis.bench.timeSteps(id, ...rest), [model, b, steps, from]);
          const timedAtBatch = async () => {
            const full = await time(BATCH, 2, 'mean');
            return full.kind === 'timed' ? { rate: full.samplesPerSecond } : { error: full.why };
          };
          if (m.name === pickedName) return timedAtBatch();
          const one = await time(1, 2, 'fastest');
          if (one.kind !== 'timed') return { error: one.why };
          const bound = one.samplesPerSecond * BATCH;
          return BATCH / one.samplesPerSecond <= 15 || bound >= 0.9 * pickedRate ? timedAtBatch() : { rate: bound, atMost: true };
        }).catch((error) => ({ error: String(error?.message ?? error).slice(0, 200) }));
        if (m.name === pickedName) pickedRate = reference[m.label].rate ?? 0;
      }
      const best = Math.max(...Object.values(reference).map((r) => r.rate ?? 0));
      for (const [run, { choice, seconds }] of Object.entries(picks)) {
        const label = choice.measurements.find((m) => m.name === choice.name)?.label;
        const picked = reference[label]?.rate;
        print({
          name: `auto backend ${model} (${run} run)`, value: picked && best ? round(picked / best, 3) : null, unit: '× best backend', backend: choice.name,
          measuringSeconds: round(seconds, 2), batchSize: BATCH,
          measured: Object.fromEntries(choice.measurements.map((m) => [m.label, m.result.kind === 'timed' || m.result.kind === 'at-most' ? `${m.result.kind === 'at-most' ? '≤ ' : ''}${Math.round(m.result.samplesPerSecond)}` : `${m.result.kind}: ${m.result.why}`])),
          reference: Object.fromEntries(Object.entries(reference).map(([k, r]) => [k, r.rate ? `${r.atMost ? '≤ ' : ''}${Math.round(r.rate)}` : r.error])),
        });
      }
    }
  } finally {
    await browser.close();
  }
}

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
