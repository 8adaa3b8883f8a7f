// tfjs-backend-wasm starts its threads by stringifying the Emscripten factory function into a blob worker.
// The factory guards an outer variable with `typeof _scriptDir !== "undefined"`; a minifier that sees the
// outer declaration renames it and drops the guard, and the blob then throws "e is not defined".
// Renaming the outer declaration leaves `_scriptDir` inside the factory a free name, so the guard is kept.
import type { Plugin } from 'vite';

export function tfjsWasmThreads(): Plugin {
  return {
    name: 'trainyard:tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!/tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm[\w-]*\.js$/.test(id)) return null;
      const out = code
        .replace(/var _scriptDir = typeof document/g, 'var _scriptDirOuter = typeof document')
        .replace(/_scriptDir = _scriptDir \|\| __filename/g, '_scriptDirOuter = _scriptDirOuter || __filename');
      return out === code ? null : { code: out, map: null };
    },
  };
}
