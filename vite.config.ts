// Vite builds the page and both workers; the same headers on dev and preview make the page
// cross-origin isolated, so the WASM backend may use threads (SharedArrayBuffer).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [svelte()],
  worker: { format: 'es' },
  server: { headers: isolation, port: 5173 },
  preview: { headers: isolation, port: 4173, host: '127.0.0.1' },
  build: {
    // Not minified: tfjs-backend-wasm starts its thread workers from `factory.toString()`, and minifying renames
    // variables that function reads from its module, so every WASM thread died with "e is not defined".
    target: 'es2022', chunkSizeWarningLimit: 4096, sourcemap: false, minify: false,
    // bench/train.html is the training benchmark's page (npm run bench); the studio is index.html.
    rollupOptions: { input: { main: 'index.html', bench: 'bench/train.html' } },
  },
});
