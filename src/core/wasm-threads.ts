// How many threads the WASM backend trains on, from the logical core count the browser reports
// (navigator.hardwareConcurrency). The count is fixed when the backend starts, so it is one choice per worker.
// Backed by `npm run bench 20-train`, which times the zoo's models on 1 thread, half the cores and all of them.

/** tfjs-backend-wasm starts 8 pthread workers with the module; a larger pool would be started mid-step. */
export const WASM_MAX_THREADS = 8;

/** Threads for the WASM backend on a machine reporting `hardwareConcurrency` logical cores. */
export function wasmThreadCount(hardwareConcurrency: number | undefined): number {
  const cores = hardwareConcurrency !== undefined && Number.isFinite(hardwareConcurrency) ? Math.floor(hardwareConcurrency) : 1;
  return Math.min(WASM_MAX_THREADS, Math.max(1, cores));
}
