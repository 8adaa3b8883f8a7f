// A new user's first `npm install && npm start` should print no warning: the production build (the page, both
// workers and the service worker's own build) runs clean, and every dependency with an install script has
// been reviewed in package.json's `allowScripts` (npm 11 warns about the rest on every install).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Lockfile { packages: Record<string, { version?: string; hasInstallScript?: boolean }> }
interface PackageJson { allowScripts?: Record<string, boolean> }

/** Lines a person would read as a problem: npm's and Vite's warnings, deprecation notices, Rolldown's coded notices. */
const WARNING = /\bwarn(ing)?\b|deprecat|^\s*\[[A-Z_]+\]/i;

describe('a fresh install and build are quiet', () => {
  it('`vite build` prints no warning and no deprecation notice', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'trainyard-build-'));
    try {
      // A separate output folder: the browser tests' dist/ is left alone. NO_COLOR keeps the text plain.
      const result = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
        encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.status, output).toBe(0);
      expect(output).toMatch(/mode\s+injectManifest/); // the service worker's own build ran too
      expect(output.split('\n').filter((line) => WARNING.test(line))).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('every dependency with an install script is approved or denied in allowScripts', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lockfile;
    const reviewed = (JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson).allowScripts ?? {};
    const names = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => typeof reviewed[name] !== 'boolean')).toEqual([]);
  });
});
