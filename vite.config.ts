// Vite builds the page and both workers; the same headers on dev and preview make the page
// cross-origin isolated, so the WASM backend may use threads (SharedArrayBuffer).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { tfjsWasmThreads } from './build/tfjs-wasm-threads.ts';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [svelte(), tfjsWasmThreads()],
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  server: { headers: isolation, port: 5173 },
  preview: { headers: isolation, port: 4173 },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, sourcemap: false },
});
