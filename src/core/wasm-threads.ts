// How many threads the WASM backend trains on, from the logical core count the browser reports
// (navigator.hardwareConcurrency). The count is fixed when the backend starts, so it is one choice per worker.
// Backed by `npm run bench 20-train`, which times the zoo's models on 1 thread, half the cores and all of them.
// On the 2-core machine this was built on (Chromium worker, batch 64, machine shared but briefly calm): cnn_model
// 211–220 samples/s on 1 thread, 303–337 on 2; the MLP 14,700–20,100 on 1, 15,600–16,200 on 2. All cores wins
// where convolutions dominate and costs little where they do not. Under heavy load from other processes both
// models ran 2–4 times slower on 2 threads than on 1 (PyTorch's 2 threads collapsed the same way), since every
// parallel kernel then waits for a descheduled thread; that is the machine, not the policy, and tfjs's default
// (half the cores, assuming hyperthreads) would have given 1 thread here in every case.

/** tfjs-backend-wasm starts 8 pthread workers with the module; a larger pool would be started mid-step. */
export const WASM_MAX_THREADS = 8;

/** Threads for the WASM backend on a machine reporting `hardwareConcurrency` logical cores. */
export function wasmThreadCount(hardwareConcurrency: number | undefined): number {
  const cores = hardwareConcurrency !== undefined && Number.isFinite(hardwareConcurrency) ? Math.floor(hardwareConcurrency) : 1;
  return Math.min(WASM_MAX_THREADS, Math.max(1, cores));
}
