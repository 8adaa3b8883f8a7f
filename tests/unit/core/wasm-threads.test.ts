import { describe, expect, it } from 'vitest';
import { WASM_MAX_THREADS, wasmThreadCount } from '../../../src/core/wasm-threads';

describe('wasmThreadCount', () => {
  it('uses every core of a small machine', () => {
    expect(wasmThreadCount(1)).toBe(1);
    expect(wasmThreadCount(2)).toBe(2);
    expect(wasmThreadCount(4)).toBe(4);
  });

  it('stops at the pthread workers tfjs-backend-wasm starts in advance', () => {
    expect(wasmThreadCount(16)).toBe(WASM_MAX_THREADS);
    expect(wasmThreadCount(128)).toBe(WASM_MAX_THREADS);
  });

  it('falls back to one thread when the browser does not say', () => {
    expect(wasmThreadCount(undefined)).toBe(1);
    expect(wasmThreadCount(0)).toBe(1);
    expect(wasmThreadCount(Number.NaN)).toBe(1);
  });
});
