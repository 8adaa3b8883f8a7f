// The memory limits a model must fit, asked of the WebGPU adapter once (its largest buffer); the fixed ceiling
// where there is no WebGPU (WASM, the CPU) or the adapter cannot be had.
import { FIXED_LIMITS, memoryLimits, type MemoryLimits } from '../core/model-memory';

let asked: Promise<MemoryLimits> | undefined;

export function deviceMemoryLimits(): Promise<MemoryLimits> {
  asked ??= (async () => {
    const adapter = await navigator.gpu?.requestAdapter().catch(() => null);
    return adapter ? memoryLimits({ maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize }) : FIXED_LIMITS;
  })();
  return asked;
}
