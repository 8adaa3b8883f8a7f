import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { swiftShaderEnv } from './tests/support/swiftshader.ts';

// WebGPU kernel tests run on Dawn with SwiftShader's Vulkan driver; the test processes inherit this environment
// (the Vulkan loader is found through LD_LIBRARY_PATH, read only when a process starts).
Object.assign(process.env, swiftShaderEnv());

export default defineConfig({
  // Compiles `.svelte.ts` state classes (runes), so they are tested in Node with fakes.
  plugins: [svelte()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'forks',
  },
});
