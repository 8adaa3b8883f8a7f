import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, softwareRenderer } from '../../../src/core/software-adapter';

describe('telling a software adapter from a GPU', () => {
  it('names SwiftShader from WebGPU adapter info, as Chromium reports it without a GPU', () => {
    expect(softwareRenderer({ vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true })).toBe('SwiftShader');
  });

  it('names SwiftShader from WebGL\'s unmasked ANGLE renderer string', () => {
    expect(softwareRenderer({ renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)' })).toBe('SwiftShader');
  });

  it('knows Mesa\'s llvmpipe and lavapipe, and Windows\' basic render driver', () => {
    expect(softwareRenderer({ renderer: 'ANGLE (Mesa, llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5)' })).toBe('llvmpipe');
    expect(softwareRenderer({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe('llvmpipe');
    expect(softwareRenderer({ architecture: '', description: 'lavapipe' })).toBe('lavapipe');
    expect(softwareRenderer({ renderer: 'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)' })).toBe('Microsoft Basic Render Driver');
  });

  it('trusts isFallbackAdapter when the strings say nothing', () => {
    expect(softwareRenderer({ vendor: '', isFallbackAdapter: true })).toBe('fallback adapter');
  });

  it('takes real GPUs for what they are', () => {
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3', isFallbackAdapter: false })).toBe(false);
    expect(isSoftwareAdapter({ renderer: 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'apple', architecture: 'metal-3' })).toBe(false);
    expect(isSoftwareAdapter({})).toBe(false);
  });
});
