// vite-plugin-pwa 1.x builds the service worker with `output.inlineDynamicImports: true`, which Vite 8's
// bundler (Rolldown) still honours but announces as deprecated on every build (vite-pwa/vite-plugin-pwa#912,
// fix pending upstream in #939). This plugin, given to that build only, asks for the same single bundle in
// the supported form, `codeSplitting: false`, so `npm start` prints no warning. Drop it once the plugin
// release that writes `codeSplitting` itself is installed.
import type { Plugin, UserConfig } from 'vite';

type OutputOptions = Record<string, unknown>;

export function serviceWorkerSingleBundle(): Plugin {
  return {
    name: 'trainyard:sw-single-bundle',
    config(config: UserConfig) {
      for (const options of [config.build?.rollupOptions, config.build?.rolldownOptions]) {
        const output: unknown = options?.output;
        for (const out of Array.isArray(output) ? output : [output]) if (isOutput(out)) toCodeSplitting(out);
      }
    },
  };
}

function isOutput(value: unknown): value is OutputOptions {
  return typeof value === 'object' && value !== null;
}

function toCodeSplitting(output: OutputOptions): void {
  if (!('inlineDynamicImports' in output)) return;
  if (output.inlineDynamicImports === true) output.codeSplitting = false;
  delete output.inlineDynamicImports;
}
