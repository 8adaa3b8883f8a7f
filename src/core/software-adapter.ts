// Whether a GPU adapter is really a GPU: SwiftShader, llvmpipe, lavapipe and their kind emulate one on the CPU,
// so a "GPU" backend on them is a CPU backend in disguise (and a slow one: it cannot beat native WASM code on
// the same cores). Read from WebGPU's adapter info and from WebGL's unmasked renderer string.

/** What a browser says about an adapter; every field may be missing. */
export interface AdapterFacts {
  /** WebGPU: `adapter.info.isFallbackAdapter` (or the older `adapter.isFallbackAdapter`). */
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** WebGL: the unmasked renderer, e.g. `ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)…), SwiftShader driver)`. */
  renderer?: string;
}

const SOFTWARE_RENDERERS: readonly (readonly [RegExp, string])[] = [
  [/swift\s*shader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/softpipe/i, 'softpipe'],
  [/microsoft basic render/i, 'Microsoft Basic Render Driver'],
  [/software (renderer|rasterizer|adapter)/i, 'software renderer'],
];

/** The software renderer's name (`SwiftShader`), or undefined for a real GPU. */
export function softwareRenderer(facts: AdapterFacts): string | undefined {
  const words = [facts.vendor, facts.architecture, facts.device, facts.description, facts.renderer].filter(Boolean).join(' ');
  for (const [pattern, name] of SOFTWARE_RENDERERS) if (pattern.test(words)) return name;
  return facts.isFallbackAdapter ? 'fallback adapter' : undefined;
}

export function isSoftwareAdapter(facts: AdapterFacts): boolean {
  return softwareRenderer(facts) !== undefined;
}
