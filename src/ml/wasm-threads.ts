// Starting tfjs's WASM backend on an exact number of threads, and reading back how many it runs.
//
// tfjs-backend-wasm 4.22 passes setThreadsCount(n) to its C++ init, which caps it at
// navigator.hardwareConcurrency / 2 (it assumes two hyperthreads per core, and reads the value once, while the
// module instantiates). On a 2-core machine that cap is 1, so the backend ran one thread whatever we asked. Showing
// the module 2 × the wanted count for that moment makes setThreadsCount the only limit (with tfjs's own cap of 8,
// the pthread workers it starts in advance); the real value is put back as soon as the backend is up.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

interface NavigatorLike {
  hardwareConcurrency?: number;
}

/** Runs `start` (which initialises the WASM backend) so that tfjs starts `threads` threads where it can. */
export async function withWasmThreads<T>(threads: number, start: () => Promise<T>): Promise<T> {
  setThreadsCount(threads);
  const nav = (globalThis as { navigator?: NavigatorLike }).navigator;
  const cores = nav?.hardwareConcurrency;
  if (!nav || !cores || threads <= cores / 2) return start();
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  } catch {
    return start(); // a navigator that cannot be shadowed: tfjs's cap stays
  }
  try {
    return await start();
  } finally {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Threads the running WASM backend's pool uses: 1 where the page is not cross-origin isolated. */
export function wasmThreads(): number {
  if (!tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')) return 1;
  const backend = tf.backend() as { wasm?: { tfjs?: { getThreadsCount?: () => number } } };
  return backend.wasm?.tfjs?.getThreadsCount?.() ?? 1;
}
