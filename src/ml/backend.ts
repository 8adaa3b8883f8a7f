// Starts a tfjs backend: the first of a given order that this environment can run (a choice made in *Train on*, or
// one backend at a time for the benchmark and for measuring), and says why in words. *Automatic* measures which is
// fastest per model: see auto-backend.ts.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { BACKEND_ORDER, backendLabel as label, type BackendName } from '../core/backend-name';
import type { BackendMeasurement } from '../core/backend-decision';
import { registerWasmGradKernels } from './kernels/wasm/grad-kernels';
import { registerWebGpuKernels } from './kernels/webgpu/register';
import { wasmThreads, withWasmThreads } from './wasm-threads';

export type { BackendName };

export interface BackendChoice {
  name: BackendName;
  /** Shown on hover: why this one, and why not the faster ones before it. */
  reason: string;
  /** Short detail for the top bar (`SwiftShader`, `4 threads`). */
  detail: string;
  /** *Automatic*: what was measured to choose it, and for which model. */
  measurements?: BackendMeasurement[];
  model?: string;
}

export interface BackendOptions {
  /** URLs of the three tfjs-backend-wasm binaries, keyed by file name; needed in the browser only. */
  wasmPaths?: Record<string, string>;
  /** Try only these, in this order (a user override, or a test). */
  order?: readonly BackendName[];
  /** Threads for the WASM backend (src/core/wasm-threads.ts says how many); fixed once it has started. */
  threads?: number;
  /** The first of `order` was picked by the person, in settings. */
  override?: boolean;
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

export async function chooseBackend(options: BackendOptions = {}): Promise<BackendChoice> {
  const notes: string[] = [];
  if (options.wasmPaths) setWasmPaths(options.wasmPaths);
  for (const name of options.order ?? BACKEND_ORDER) {
    const why = await unavailableReason(name);
    if (why) {
      notes.push(`${label(name)}: ${why}`);
      continue;
    }
    if (name === 'wasm') registerWasmGradKernels();
    const threads = name === 'wasm' ? options.threads : undefined;
    // Our WebGPU gradient kernels replace tfjs's slow ones (src/ml/kernels/webgpu/).
    if (name === 'webgpu') registerWebGpuKernels();
    try {
      const ok = await (threads ? withWasmThreads(threads, () => tf.setBackend(name)) : tf.setBackend(name));
      if (!ok) throw new Error('initialisation failed');
      await tf.ready();
      const detail = await detailOf(name);
      const why = options.override && name === options.order?.[0] ? 'was chosen in settings.' : 'is the first of the backends tried that started.';
      const reason = [`${label(name)} (${detail}) ${why}`, ...notes].join(' ');
      return { name, reason, detail };
    } catch (error) {
      notes.push(`${label(name)}: ${messageOf(error)}`);
    }
  }
  throw new Error(`No tfjs backend could start. ${notes.join('; ')}`);
}

/** Why `name` cannot run here, in words; undefined when it may. */
export async function unavailableReason(name: BackendName): Promise<string | undefined> {
  const scope = globalThis as { navigator?: { gpu?: GpuLike }; OffscreenCanvas?: unknown; WebAssembly?: unknown };
  if (name === 'webgpu') {
    const gpu = scope.navigator?.gpu;
    if (!gpu) return 'this browser has no WebGPU (navigator.gpu is missing)';
    const adapter = await gpu.requestAdapter().catch(() => null);
    if (!adapter) return 'no WebGPU adapter (the GPU is blocked or unsupported)';
  }
  if (name === 'webgl') {
    if (typeof scope.OffscreenCanvas !== 'function') return 'no OffscreenCanvas, so no WebGL in a worker';
    const canvas = new (scope.OffscreenCanvas as new (w: number, h: number) => { getContext(k: string): unknown })(1, 1);
    if (!canvas.getContext('webgl2') && !canvas.getContext('webgl')) return 'no WebGL context';
  }
  if (name === 'wasm' && typeof scope.WebAssembly !== 'object') return 'no WebAssembly';
  return undefined;
}

async function detailOf(name: BackendName): Promise<string> {
  if (name === 'webgpu') {
    const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
    const info = (await gpu?.requestAdapter().catch(() => null))?.info;
    const words = [info?.vendor, info?.architecture || info?.description].filter(Boolean).join(' ');
    return words || 'GPU';
  }
  if (name === 'wasm') {
    const threads = wasmThreads();
    return `${threads} thread${threads === 1 ? '' : 's'}${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ', SIMD' : ''}`;
  }
  if (name === 'webgl') return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}`;
  return 'plain JavaScript';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
