// Vite builds the page and both workers; the same headers on dev and preview make the page
// cross-origin isolated, so the WASM backend may use threads (SharedArrayBuffer), and carry the CSP and
// frame protection.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { tfjsWasmThreads } from './build/tfjs-wasm-threads.ts';
import { builtInBackbones } from './build/vite-backbones.ts';
import { serviceWorkerSingleBundle } from './build/sw-single-bundle.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from './src/pwa/content-policy.ts';

/** Versions written into exported runs' config.json. */
const versionOf = (path: string): string => (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
const versions = {
  trainyard: versionOf('package.json'),
  '@tensorflow/tfjs': versionOf('node_modules/@tensorflow/tfjs/package.json'),
  '@tensorflow/tfjs-backend-wasm': versionOf('node_modules/@tensorflow/tfjs-backend-wasm/package.json'),
  '@tensorflow/tfjs-backend-webgpu': versionOf('node_modules/@tensorflow/tfjs-backend-webgpu/package.json'),
};

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
/** Isolation, the CSP as a header (with frame-ancestors, which a <meta> cannot carry) and frame protection. */
const headers = { ...isolation, ...SECURITY_HEADERS };

export default defineConfig({
  base: './',
  define: { __TRAINYARD_VERSIONS__: JSON.stringify(versions) },
  plugins: [
    svelte(),
    tfjsWasmThreads(),
    builtInBackbones(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      includeManifestIcons: false,
      injectRegister: false,
      manifest: {
        name: 'Trainyard',
        short_name: 'Trainyard',
        description: 'An offline machine-learning studio in your browser.',
        theme_color: '#2459c8',
        background_color: '#f6f7f9',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: {
        // backbones/: the built-in backbone (about 4.4 MB), so a backbone run works offline; the app fetches it only then.
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,zip,webmanifest}', 'backbones/**/*.{json,bin}'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        // The service worker's own build: one bundle, asked for in the form Vite 8 does not call deprecated.
        buildPlugins: { vite: [serviceWorkerSingleBundle()] },
      },
    }),
  ],
  resolve: {
    // tfjs-vis's charts run vega without eval (see the module), so the CSP needs no 'unsafe-eval'.
    alias: [{ find: /^vega-embed$/, replacement: fileURLToPath(new URL('./src/ui/report/vega-embed-csp.ts', import.meta.url)) }],
  },
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()], rolldownOptions: { checks: { bundlerTimings: false } } },
  // @jsquash/jpeg finds its .wasm next to its own module (new URL(…, import.meta.url)); pre-bundled, it would not.
  optimizeDeps: { exclude: ['@jsquash/jpeg'] },
  server: { headers, port: 5173 },
  preview: { headers, port: 4173 },
  build: {
    target: 'es2022', chunkSizeWarningLimit: 4096, sourcemap: false,
    rolldownOptions: {
      // bench/train.html, bench/storage.html and bench/views.html are benchmark pages (npm run bench); the studio is index.html.
      input: { main: 'index.html', bench: 'bench/train.html', 'bench-storage': 'bench/storage.html', 'bench-views': 'bench/views.html' },
      // The "plugins took n s of this build" notice is for plugin authors; on a loaded machine it showed on
      // every `npm start`, which a new user reads as something wrong.
      checks: { bundlerTimings: false },
    },
  },
});
