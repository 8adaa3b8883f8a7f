// Dawn (the WebGPU implementation inside Chrome, here the `webgpu` package's dawn.node) in Node for the GPU bench:
// loads it from the unpacked folder, describes the adapter it finds, and registers tfjs's `webgpu` backend on it the
// way tfjs-backend-webgpu's own factory does (same features and limits), so what is measured is what Chrome would run.
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { pathToFileURL } from 'node:url';

export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  /** SwiftShader, llvmpipe, lavapipe or a fallback adapter: a CPU pretending to be a GPU. */
  software: boolean;
  features: string[];
  limits: Record<string, number>;
  /** What Dawn lists when asked for every adapter (backend and name), for the log. */
  adapters: string[];
}

export type Dawn = { adapter: GPUAdapter; report: AdapterReport } | { adapter: undefined; adapters: string[] };

interface DawnModule {
  create(flags: string[]): GPU;
  globals: object;
}

const LIMITS = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxStorageBuffersPerShaderStage'] as const;

/** Loads dawn.node through the package's index.js at `modulePath` and asks for a high-performance adapter. */
export async function openDawn(modulePath: string, flags: string[]): Promise<Dawn> {
  const dawn = (await import(pathToFileURL(modulePath).href)) as DawnModule;
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(flags);
  const adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) ?? undefined;
  const adapters = await listAdapters(dawn, flags);
  if (!adapter) return { adapter, adapters };
  installNavigatorGpu(gpu);
  return { adapter, report: { ...describe(adapter), adapters } };
}

function describe(adapter: GPUAdapter): Omit<AdapterReport, 'adapters'> {
  const i = adapter.info;
  const limits: Record<string, number> = {};
  for (const k of LIMITS) limits[k] = adapter.limits[k];
  const text = [i.vendor, i.architecture, i.device, i.description].join(' ');
  const fallback = Boolean(i.isFallbackAdapter);
  return {
    vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: fallback,
    software: fallback || /swiftshader|llvmpipe|lavapipe|softpipe/i.test(text), features: [...adapter.features].sort(), limits,
  };
}

/** Dawn names every adapter in the error it throws for an adapter name that matches none. */
async function listAdapters(dawn: DawnModule, flags: string[]): Promise<string[]> {
  try {
    const a = await dawn.create([...flags, 'adapter=__list_adapters__']).requestAdapter();
    return a ? [`(one matched) ${a.info.description}`] : [];
  } catch (error) {
    return String(error instanceof Error ? error.message : error).split('\n').filter((l) => l.includes('backend:')).map((l) => l.replace(/^\s*\*\s*/, ''));
  }
}

function installNavigatorGpu(gpu: GPU): void {
  const nav = (globalThis as { navigator?: object }).navigator ?? {};
  Object.defineProperty(globalThis, 'navigator', { value: Object.assign(Object.create(nav) as object, { gpu }), configurable: true, writable: true });
}

/** Registers tfjs's `webgpu` backend on this adapter, with the features and limits tfjs's own factory asks for. */
export function registerWebGpuBackend(adapter: GPUAdapter): void {
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', async () => {
    const wanted: GPUFeatureName[] = ['timestamp-query', 'bgra8unorm-storage'];
    const L = adapter.limits;
    const device = await adapter.requestDevice({
      requiredFeatures: wanted.filter((f) => adapter.features.has(f)),
      requiredLimits: {
        maxComputeWorkgroupStorageSize: L.maxComputeWorkgroupStorageSize, maxComputeWorkgroupsPerDimension: L.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: L.maxStorageBufferBindingSize, maxBufferSize: L.maxBufferSize,
        maxComputeWorkgroupSizeX: L.maxComputeWorkgroupSizeX, maxComputeInvocationsPerWorkgroup: L.maxComputeInvocationsPerWorkgroup,
      },
    });
    return new WebGPUBackend(device, adapter.info);
  }, 3);
}
