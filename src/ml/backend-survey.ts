// What this browser offers before anything is measured: which backends can start, and whether each GPU backend
// runs on a real GPU or on a software adapter (WebGPU's adapter info, WebGL's unmasked renderer string).
import { BACKEND_ORDER, backendLabel, type BackendName } from '../core/backend-name';
import { measurementLabel } from '../core/backend-decision';
import { softwareRenderer, type AdapterFacts } from '../core/software-adapter';
import { unavailableReason } from './backend';

export interface SurveyedBackend {
  name: BackendName;
  /** The software renderer's name (`SwiftShader`) when the GPU is emulated on the CPU. */
  software?: string;
  /** `WebGPU (SwiftShader)`, `WebGL`, `WASM`. */
  label: string;
  /** One line naming the adapter, for the device key. */
  adapter?: string;
}

export interface Survey {
  available: SurveyedBackend[];
  /** `WebGPU: no WebGPU adapter (…)`, one per backend that cannot start. */
  notes: string[];
}

interface GpuAdapterLike {
  info?: AdapterFacts;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

export async function surveyBackends(): Promise<Survey> {
  const available: SurveyedBackend[] = [];
  const notes: string[] = [];
  for (const name of BACKEND_ORDER) {
    const why = await unavailableReason(name);
    if (why) {
      notes.push(`${backendLabel(name)}: ${why}.`);
      continue;
    }
    const facts = name === 'webgpu' ? await webGpuFacts() : name === 'webgl' ? webGlFacts() : undefined;
    const software = facts && softwareRenderer(facts);
    available.push({
      name, label: measurementLabel(name, software),
      ...(software ? { software } : {}),
      ...(facts ? { adapter: `${name} ${adapterLine(facts)}` } : {}),
    });
  }
  return { available, notes };
}

/** The adapter tfjs's WebGPU backend will get (it asks for the high-performance one). */
async function webGpuFacts(): Promise<AdapterFacts> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  const info = adapter?.info ?? {};
  return {
    vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '',
    isFallbackAdapter: info.isFallbackAdapter ?? adapter?.isFallbackAdapter ?? false,
  };
}

interface GlLike {
  getExtension(name: string): unknown;
  getParameter(p: number): unknown;
  RENDERER: number;
}

function webGlFacts(): AdapterFacts {
  const Canvas = (globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown } }).OffscreenCanvas;
  if (!Canvas) return {};
  const gl = (new Canvas(1, 1).getContext('webgl2') ?? new Canvas(1, 1).getContext('webgl')) as GlLike | null;
  if (!gl) return {};
  const debug = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  (gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
  return { renderer };
}

function adapterLine(f: AdapterFacts): string {
  return [f.vendor, f.architecture, f.device, f.description, f.renderer, f.isFallbackAdapter ? 'fallback' : ''].filter(Boolean).join(' ');
}
