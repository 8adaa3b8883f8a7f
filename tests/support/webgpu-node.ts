// A real WebGPU device in Node for kernel and training tests: Dawn (the `webgpu` package, the WebGPU implementation
// inside Chrome) on SwiftShader's Vulkan driver. The tfjs `webgpu` backend is registered on it here, so a test only
// needs `await useWebGpu()` and then `tf.setBackend('webgpu')`.
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

let ready: Promise<string | undefined> | undefined;

/**
 * Installs navigator.gpu from Dawn and registers tfjs's WebGPU backend on its adapter. Resolves to a reason when no
 * adapter can be had (no SwiftShader beside Chromium, or Dawn failed to load), or undefined when WebGPU is ready.
 */
export function useWebGpu(): Promise<string | undefined> {
  ready ??= install();
  return ready;
}

async function install(): Promise<string | undefined> {
  if (!process.env.VK_DRIVER_FILES) return 'no SwiftShader Vulkan driver was found beside Chromium (see tests/support/swiftshader.ts)';
  let gpu: GPU;
  try {
    const dawn = await import('webgpu');
    Object.assign(globalThis, dawn.globals);
    gpu = dawn.create([]) as GPU;
  } catch (error) {
    return `Dawn did not load: ${error instanceof Error ? error.message : String(error)}`;
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'Dawn found no WebGPU adapter';
  Object.defineProperty(globalThis, 'navigator', { value: { ...globalThis.navigator, gpu }, configurable: true, writable: true });
  if (!tf.findBackendFactory('webgpu')) {
    tf.registerBackend('webgpu', async () => {
      const features: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
      const device = await adapter.requestDevice({ requiredFeatures: features });
      return new WebGPUBackend(device, adapter.info);
    }, 0);
  }
  return undefined;
}
