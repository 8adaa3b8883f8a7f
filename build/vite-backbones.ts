// Ships the built-in backbones (src/core/built-in-backbones.ts) as plain tfjs files: backbones/<slug>/model.json
// and weights.bin, made at build time from the npm package that carries them (nsfwjs ships its models as UMD
// modules holding model.json as an object and each weight shard as base64). Nothing generated is committed;
// `vite dev` serves the same files from memory, `vite build` emits them for the service worker to precache.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { BUILT_IN_BACKBONES, type BuiltInBackbone } from '../src/core/built-in-backbones.ts';

interface WeightGroup { paths: string[]; weights: unknown[] }
interface ModelJson { format?: string; modelTopology: unknown; weightsManifest: WeightGroup[]; [key: string]: unknown }
interface BackboneFiles { modelJson: string; weights: Uint8Array }

const require = createRequire(import.meta.url);

/** The package's folder, found from its main entry (nsfwjs's `exports` hide package.json and the model files). */
function packageRoot(name: string): string {
  let dir = dirname(require.resolve(name, { paths: [process.cwd()] }));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    dir = dirname(dir);
  }
  throw new Error(`Built-in backbones: the package ${name} was not found; run npm install.`);
}

/** The model.json (one weights group, one path: weights.bin) and the shards' bytes concatenated in manifest order. */
export function backboneFiles(backbone: BuiltInBackbone): BackboneFiles {
  const { package: name, version, modelDir } = backbone.source;
  const root = packageRoot(name);
  const installed = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  if (installed !== version) {
    throw new Error(`Built-in backbone ${backbone.slug}: src/core/built-in-backbones.ts names ${name}@${version}, but ${installed} is installed; check the model and update its entry.`);
  }
  const dir = join(root, modelDir);
  const json = require(join(dir, 'model.min.js')) as ModelJson;
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => Buffer.from(require(join(dir, `${p}.min.js`)) as string, 'base64'));
  const weights = new Uint8Array(Buffer.concat(shards));
  if (weights.length !== backbone.weightBytes) {
    throw new Error(`Built-in backbone ${backbone.slug}: ${weights.length} bytes of weights, but its entry says ${backbone.weightBytes}.`);
  }
  const modelJson = JSON.stringify({
    ...json,
    format: json.format ?? (backbone.format === 'graph' ? 'graph-model' : 'layers-model'),
    weightsManifest: [{ paths: ['weights.bin'], weights: json.weightsManifest.flatMap((g) => g.weights) }],
  });
  return { modelJson, weights };
}

export function builtInBackbones(backbones: readonly BuiltInBackbone[] = BUILT_IN_BACKBONES): Plugin {
  const cache = new Map<string, BackboneFiles>();
  const filesOf = (b: BuiltInBackbone): BackboneFiles => {
    let files = cache.get(b.slug);
    if (!files) cache.set(b.slug, (files = backboneFiles(b)));
    return files;
  };
  return {
    name: 'trainyard:built-in-backbones',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /\/backbones\/([^/?]+)\/(model\.json|weights\.bin)(?:\?.*)?$/.exec(req.url ?? '');
        const backbone = match && backbones.find((b) => b.slug === match[1]);
        if (!match || !backbone) return next();
        const files = filesOf(backbone);
        const json = match[2] === 'model.json';
        res.setHeader('Content-Type', json ? 'application/json' : 'application/octet-stream');
        res.end(json ? files.modelJson : files.weights);
      });
    },
    generateBundle() {
      for (const b of backbones) {
        const files = filesOf(b);
        const dir = b.path.slice(0, b.path.lastIndexOf('/'));
        this.emitFile({ type: 'asset', fileName: b.path, source: files.modelJson });
        this.emitFile({ type: 'asset', fileName: `${dir}/weights.bin`, source: files.weights });
      }
    },
  };
}
