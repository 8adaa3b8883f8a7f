// The training benchmark page: exposes one bench worker per backend to scripts/bench/20-train.mjs (page.evaluate).
import * as Comlink from 'comlink';
import type { BenchWorkerApi } from '../workers/bench.worker';

function startBenchWorker(): Comlink.Remote<BenchWorkerApi> {
  return Comlink.wrap<BenchWorkerApi>(new Worker(new URL('../workers/bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' }));
}

(globalThis as { trainyardBench?: () => Comlink.Remote<BenchWorkerApi> }).trainyardBench = startBenchWorker;
