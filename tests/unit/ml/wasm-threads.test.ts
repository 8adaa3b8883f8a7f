import { afterEach, describe, expect, it } from 'vitest';
import { withWasmThreads } from '../../../src/ml/wasm-threads';

/** A navigator like a worker's: hardwareConcurrency is a getter on the prototype, not an own property. */
function installNavigator(cores: number): { hardwareConcurrency: number } {
  const proto = { get hardwareConcurrency(): number { return cores; } };
  const nav = Object.create(proto) as { hardwareConcurrency: number };
  Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
  return nav;
}

const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'navigator', original);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

describe('withWasmThreads', () => {
  it('shows tfjs twice the wanted threads while the backend starts, since tfjs caps threads at half the cores', async () => {
    const nav = installNavigator(2);
    const seen = await withWasmThreads(2, async () => nav.hardwareConcurrency);
    expect(seen).toBe(4);
    expect(nav.hardwareConcurrency).toBe(2);
    expect(Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency')).toBeUndefined();
  });

  it('leaves the navigator alone when the wanted threads are within tfjs own cap', async () => {
    const nav = installNavigator(16);
    expect(await withWasmThreads(4, async () => nav.hardwareConcurrency)).toBe(16);
  });

  it('puts the real core count back when the backend fails to start', async () => {
    const nav = installNavigator(2);
    await expect(withWasmThreads(2, async () => { throw new Error('no wasm'); })).rejects.toThrow('no wasm');
    expect(nav.hardwareConcurrency).toBe(2);
  });
});
