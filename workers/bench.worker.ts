// The benchmark's worker: starts one backend (as the training worker would) and times training on it.
import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { wasmThreadCount } from '../src/core/wasm-threads';
import { chooseBackend, type BackendChoice, type BackendName } from '../src/ml/backend';
import { benchTrain, type BenchOptions, type BenchResult } from '../src/ml/bench-train';
import { registerWasmGradKernels, type WasmKernelMode } from '../src/ml/kernels/wasm/grad-kernels';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

const api = {
  /** Starts `backend`; for WASM on `threads` threads (the app's policy when not given). Once per worker. */
  start(backend: BackendName, threads?: number): Promise<BackendChoice> {
    return chooseBackend({ wasmPaths, order: [backend], threads: threads ?? wasmThreadCount(navigator.hardwareConcurrency) });
  },
  run(options: BenchOptions, kernels: WasmKernelMode = 'fast'): Promise<BenchResult> {
    registerWasmGradKernels(kernels);
    return benchTrain(options);
  },
};

export type BenchWorkerApi = typeof api;
Comlink.expose(api);
