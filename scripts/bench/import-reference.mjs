// The reference beside the photo import of 45-import-large: the same JPEG files read, decoded by the same
// libjpeg-turbo in WebAssembly (@jsquash/jpeg), turned to RGB, hashed per byte as the content id does and written in
// fsynced shards of about 4 MB, by a plain one-threaded Node loop. It is the work without the browser's per-file
// machinery (handles, Files, Blob reads, workers): what the import would cost if the files were ours to open.
import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import decode, { init } from '@jsquash/jpeg/decode.js';

/** Imports every .jpg below `folder` at `side`×`side`; resolves to { images, seconds }. */
export async function referenceImport(folder, side) {
  const require = createRequire(import.meta.url);
  const wasm = join(dirname(require.resolve('@jsquash/jpeg/decode.js')), 'codec', 'dec', 'mozjpeg_dec.wasm');
  await init(await WebAssembly.compile(readFileSync(wasm)), { print() {}, printErr() {} });
  const bytesPerImage = side * side * 3;
  const perShard = Math.max(1, Math.floor((4 << 20) / bytesPerImage));
  const out = mkdtempSync(join(tmpdir(), 'trainyard-import-reference-'));
  const started = performance.now();
  const paths = listJpegs(folder);
  const shard = new Uint8Array(perShard * bytesPerImage);
  let inShard = 0;
  let shards = 0;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const flush = () => {
    const fd = openSync(join(out, `shard-${shards++}`), 'w');
    writeSync(fd, shard.subarray(0, inShard * bytesPerImage));
    fsyncSync(fd);
    closeSync(fd);
    inShard = 0;
  };
  for (const path of paths) {
    const file = readFileSync(path);
    const { data, width, height } = await decode(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
    if (width !== side || height !== side) throw new Error(`${path} is ${width}×${height}, not ${side}×${side}`);
    const rgb = shard.subarray(inShard * bytesPerImage, (inShard + 1) * bytesPerImage);
    for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
      rgb[o] = data[i];
      rgb[o + 1] = data[i + 1];
      rgb[o + 2] = data[i + 2];
    }
    for (let i = 0; i < rgb.length; i++) {
      h1 = Math.imul(h1 ^ rgb[i], 2654435761);
      h2 = Math.imul(h2 ^ rgb[i], 1597334677);
    }
    if (++inShard === perShard) flush();
  }
  if (inShard) flush();
  const seconds = (performance.now() - started) / 1000;
  rmSync(out, { recursive: true, force: true });
  if ((h1 ^ h2) === 0.5) console.error('unreachable: keeps the hash from being optimised away');
  return { images: paths.length, seconds };
}

function listJpegs(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...listJpegs(path));
    else if (/\.jpe?g$/i.test(entry.name)) found.push(path);
  }
  return found;
}
