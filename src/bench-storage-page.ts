// The storage benchmark page: starts the storage worker for scripts/bench/50-storage.mjs (page.evaluate). The page
// is cross-origin isolated, so the script may ask performance.measureUserAgentSpecificMemory for the page and its
// workers between the worker's calls (asked during them, it hung a worker holding OPFS sync access handles).
import * as Comlink from 'comlink';

/** The worker's API is typed in workers/bench-storage.worker.ts (checked under the worker's lib, with OPFS handles). */
function startStorageWorker(): Comlink.Remote<unknown> {
  return Comlink.wrap<unknown>(new Worker(new URL('../workers/bench-storage.worker.ts', import.meta.url), { type: 'module', name: 'bench-storage' }));
}

Object.assign(globalThis, { trainyardStorageBench: startStorageWorker });
