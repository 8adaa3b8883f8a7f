// Where Chromium keeps SwiftShader's Vulkan driver (libvk_swiftshader.so, its ICD json and the Vulkan loader), so
// Dawn in Node gets a real WebGPU device on a machine without a GPU. Read by vitest.config.ts before the test
// processes start: the loader is found through LD_LIBRARY_PATH, which a running process can no longer change.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findChromium } from '../../scripts/chromium.mjs';

/** The folder holding vk_swiftshader_icd.json, or undefined when no Chromium ships one. */
export function swiftShaderDir(): string | undefined {
  const chromium = findChromium();
  const candidates = [
    ...(chromium ? [dirname(realpathSync(chromium))] : []),
    '/usr/lib/chromium',
    '/usr/lib/chromium-browser',
  ];
  return candidates.find((dir) => existsSync(join(dir, 'vk_swiftshader_icd.json')));
}

/** The environment a process needs for Dawn to load SwiftShader (empty when it is not there). */
export function swiftShaderEnv(): Record<string, string> {
  const dir = swiftShaderDir();
  if (!dir) return {};
  const icd = join(dir, 'vk_swiftshader_icd.json');
  const path = process.env.LD_LIBRARY_PATH;
  return { LD_LIBRARY_PATH: path ? `${dir}:${path}` : dir, VK_DRIVER_FILES: icd, VK_ICD_FILENAMES: icd };
}
