// The storage benchmark page: starts the storage worker for scripts/bench/50-storage.mjs (page.evaluate) and samples
// the memory of the page and its workers while the worker writes or reads (the browser's own figure,
// performance.measureUserAgentSpecificMemory, which a cross-origin-isolated page may call).
import * as Comlink from 'comlink';

interface MemoryMeasurement {
  bytes: number;
}
type MeasureMemory = () => Promise<MemoryMeasurement>;

export interface MemoryPeak {
  /** Largest figure seen (bytes), or undefined where the browser gives none. */
  peakBytes: number | undefined;
  samples: number;
}

function measureMemory(): MeasureMemory | undefined {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: MeasureMemory }).measureUserAgentSpecificMemory;
  return crossOriginIsolated && measure ? measure.bind(performance) : undefined;
}

let sampling: { stop: () => Promise<MemoryPeak> } | undefined;

/** Measures repeatedly (one at a time) until stopped; the peak is the largest measurement. */
function startMemorySampling(): boolean {
  const measure = measureMemory();
  if (!measure) return false;
  let peak = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, (await measure()).bytes);
      samples++;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  sampling = {
    stop: async () => {
      running = false;
      await loop;
      return { peakBytes: samples ? peak : undefined, samples };
    },
  };
  return true;
}

async function stopMemorySampling(): Promise<MemoryPeak> {
  const result = (await sampling?.stop()) ?? { peakBytes: undefined, samples: 0 };
  sampling = undefined;
  return result;
}

/** The worker's API is typed in workers/bench-storage.worker.ts (checked under the worker's lib, with OPFS handles). */
function startStorageWorker(): Comlink.Remote<unknown> {
  return Comlink.wrap<unknown>(new Worker(new URL('../workers/bench-storage.worker.ts', import.meta.url), { type: 'module', name: 'bench-storage' }));
}

Object.assign(globalThis, { trainyardStorageBench: startStorageWorker, startMemorySampling, stopMemorySampling });
