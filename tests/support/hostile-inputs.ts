// A corpus of hostile inputs, made at test time (never committed): memory bombs that are a few MB on disk,
// zips with names that climb out, a corrupted run zip, and models declaring sizes their weights do not hold.
// The bombs are deflate streams of zeros built by repeating one sync-flushed block, so a 4 GiB entry costs
// ~4 MB and no 4 GiB buffer is ever made here.
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { concatBytes } from '../../src/core/bytes';

const MiB = 1 << 20;
const GiB = 1 << 30;

/** Raw deflate of `bytes` zero bytes (a multiple of 1 MiB), with its CRC-32. */
export function zeroDeflate(bytes: number): { deflated: Uint8Array; crc: number; size: number } {
  const block = new Uint8Array(MiB);
  // A sync-flushed, non-final block refers only to itself, so copies of it can follow one another.
  const piece = deflateRawSync(block, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const count = Math.ceil(bytes / MiB);
  const deflated = new Uint8Array(piece.length * count + 2);
  let crc = 0;
  for (let i = 0; i < count; i++) {
    deflated.set(piece, i * piece.length);
    crc = crc32(block, crc);
  }
  deflated.set([0x03, 0x00], piece.length * count); // an empty final block
  return { deflated, crc, size: count * MiB };
}

export interface ZipItem {
  name: string;
  /** Stored deflated, with its true CRC. */
  data?: Uint8Array;
  /** Already deflated (a bomb): written as it is, with what it declares. */
  deflated?: { deflated: Uint8Array; crc: number; size: number };
}

/** A zip written by hand: names exactly as given, zip64 fields for entries of 4 GiB or more. */
export function writeZip(items: readonly ZipItem[], store = false): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const item of items) {
    const name = new TextEncoder().encode(item.name);
    const data = item.data ?? new Uint8Array(0);
    const packed = item.deflated ?? { deflated: store ? data : deflateRawSync(data), crc: crc32(data), size: data.length };
    const method = store && !item.deflated ? 0 : 8;
    const big = packed.size >= 0xffffffff;
    const extra = big ? zip64Extra(packed.size, packed.deflated.length) : new Uint8Array(0);
    const local = header(30, [[0, 0x04034b50, 4], [4, 45, 2], [8, method, 2], [14, packed.crc, 4], [18, big ? 0xffffffff : packed.deflated.length, 4], [22, big ? 0xffffffff : packed.size, 4], [26, name.length, 2], [28, extra.length, 2]]);
    parts.push(local, name, extra, packed.deflated);
    central.push(header(46, [[0, 0x02014b50, 4], [4, 45, 2], [6, 45, 2], [10, method, 2], [16, packed.crc, 4], [20, big ? 0xffffffff : packed.deflated.length, 4], [24, big ? 0xffffffff : packed.size, 4], [28, name.length, 2], [30, extra.length, 2], [42, offset, 4]]), name, extra);
    offset += local.length + name.length + extra.length + packed.deflated.length;
  }
  const directorySize = central.reduce((n, p) => n + p.length, 0);
  const end = header(22, [[0, 0x06054b50, 4], [8, items.length, 2], [10, items.length, 2], [12, directorySize, 4], [16, offset, 4]]);
  return concatBytes([...parts, ...central, end]);
}

function zip64Extra(size: number, compressed: number): Uint8Array {
  const extra = new Uint8Array(20);
  const view = new DataView(extra.buffer);
  view.setUint16(0, 1, true);
  view.setUint16(2, 16, true);
  view.setBigUint64(4, BigInt(size), true);
  view.setBigUint64(12, BigInt(compressed), true);
  return extra;
}

function header(length: number, fields: [number, number, 2 | 4][]): Uint8Array {
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  for (const [at, value, size] of fields) size === 2 ? view.setUint16(at, value, true) : view.setUint32(at, value >>> 0, true);
  return out;
}

/** A PNG of `width`×`height` whose zlib pixel stream inflates to `streamBytes` zeros (the declared size or far more). */
export function zeroPng(width: number, height: number, colourType: 2 | 3, streamBytes: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, colourType, 0, 0, 0], 8);
  const { deflated } = zeroDeflate(streamBytes);
  const zlib = concatBytes([Uint8Array.of(0x78, 0xda), deflated, new Uint8Array(4)]);
  const chunks = [pngChunk('IHDR', ihdr), ...(colourType === 3 ? [pngChunk('PLTE', Uint8Array.of(0, 0, 0, 255, 255, 255))] : []), pngChunk('IDAT', zlib), pngChunk('IEND', new Uint8Array(0))];
  return concatBytes([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), ...chunks]);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set([...type].map((c) => c.charCodeAt(0)), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A small valid grey PNG (8×8, a diagonal), for the good files beside the hostile ones. */
export function smallPng(shade = 200): Uint8Array {
  const raw = new Uint8Array(8 * 9);
  for (let y = 0; y < 8; y++) raw[y * 9 + 1 + y] = shade;
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, 8);
  new DataView(ihdr.buffer).setUint32(4, 8);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const zlib = concatBytes([Uint8Array.of(0x78, 0x9c), deflateRawSync(raw), new Uint8Array(4)]);
  return concatBytes([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib), pngChunk('IEND', new Uint8Array(0))]);
}

/** A tfjs Layers model.json (Flatten → Dense softmax) and its weights; `edit` changes the topology only. */
export function tinyModel(options: { input?: [number, number, number]; units?: number; declaredUnits?: number } = {}): { modelJson: string; weights: Uint8Array } {
  const [h, w, c] = options.input ?? [8, 8, 1];
  const units = options.units ?? 3;
  const inputs = 8 * 8 * 1; // the weights are always those of an 8×8 grey model
  const layers = [
    { class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, h, w, c] } },
    { class_name: 'Dense', config: { name: 'dense', units: options.declaredUnits ?? units, activation: 'softmax', use_bias: true } },
  ];
  const modelTopology = { class_name: 'Sequential', config: { name: 'tiny', layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' };
  const weights = [{ name: 'dense/kernel', shape: [inputs, units], dtype: 'float32' }, { name: 'dense/bias', shape: [units], dtype: 'float32' }];
  const data = new Float32Array(inputs * units + units).map((_, i) => ((i * 37) % 11) / 100 - 0.05);
  const modelJson = JSON.stringify({ modelTopology, format: 'layers-model', generatedBy: 'hostile-inputs', weightsManifest: [{ paths: ['weights.bin'], weights }] });
  return { modelJson, weights: new Uint8Array(data.buffer) };
}

export function modelZip(model: { modelJson: string; weights: Uint8Array }, corruptWeights = false): Uint8Array {
  const zip = writeZip([{ name: 'model.json', data: new TextEncoder().encode(model.modelJson) }, { name: 'weights.bin', data: model.weights }]);
  if (!corruptWeights) return zip;
  // 64 weight bytes changed: the entry stored instead of deflated, so the flipped bytes are the weights', CRC kept.
  const stored = writeZip([{ name: 'model.json', data: new TextEncoder().encode(model.modelJson) }, { name: 'weights.bin', data: model.weights }], true);
  const start = findEntryData(stored, 'weights.bin');
  for (let i = 0; i < 64; i++) stored[start + 16 + i] = (stored[start + 16 + i] as number) ^ 0x01;
  return stored;
}

function findEntryData(zip: Uint8Array, name: string): number {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = 0; at + 30 < zip.length;) {
    if (view.getUint32(at, true) !== 0x04034b50) break;
    const nameLength = view.getUint16(at + 26, true);
    const data = at + 30 + nameLength + view.getUint16(at + 28, true);
    if (new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength)) === name) return data;
    at = data + view.getUint32(at + 18, true);
  }
  throw new Error(`${name} not in the zip`);
}

/** Every hostile case: a file name and its bytes. */
export interface HostileFile { name: string; bytes: Uint8Array }

export const hostile = {
  /** A palette PNG declaring 32768×32768, its pixel stream inflating to 1 GiB. */
  pngHugeDeclared: (): HostileFile => ({ name: 'palette-bomb.png', bytes: zeroPng(32768, 32768, 3, GiB) }),
  /** A 256×256 palette PNG whose stream goes on to 1 GiB. */
  pngPaletteOverflow: (): HostileFile => ({ name: 'palette-overflow.png', bytes: zeroPng(256, 256, 3, GiB) }),
  /** The same in RGB, which our own decoder handles. */
  pngRgbOverflow: (): HostileFile => ({ name: 'rgb-overflow.png', bytes: zeroPng(256, 256, 2, GiB) }),
  datasetZipBomb: (): HostileFile => ({ name: 'zero-bomb.zip', bytes: writeZip([{ name: 'cat/zeros.png', deflated: zeroDeflate(2 * GiB) }]) }),
  datasetZipSlipItems: (): ZipItem[] => slipItems(),
  datasetZipSlip: (): HostileFile => ({ name: 'zip-slip.zip', bytes: writeZip(slipItems()) }),
  runZip3GiB: (): HostileFile => ({ name: 'run-3gib.zip', bytes: writeZip([{ name: 'model.json', data: new TextEncoder().encode(tinyModel().modelJson) }, { name: 'weights.bin', deflated: zeroDeflate(3 * GiB) }]) }),
  runZip4GiB: (): HostileFile => ({ name: 'run-4gib.zip', bytes: writeZip([{ name: 'model.json', data: new TextEncoder().encode(tinyModel().modelJson) }, { name: 'weights.bin', deflated: zeroDeflate(4 * GiB) }]) }),
  runZipCorrupt: (): HostileFile => ({ name: 'corrupt-weights.zip', bytes: modelZip(tinyModel(), true) }),
  denseBomb: (): HostileFile => ({ name: 'dense-1e8.zip', bytes: modelZip(tinyModel({ declaredUnits: 1e8 })) }),
  hugeInput: (): HostileFile => ({ name: 'input-65535.zip', bytes: modelZip(tinyModel({ input: [65535, 65535, 1] })) }),
};

/** Entries named to climb out of the folder they are unzipped into: `../`, absolute, drive-lettered. */
function slipItems(): ZipItem[] {
  return [{ name: '../../x/cat/a.png', data: smallPng(100) }, { name: '/abs/cat/b.png', data: smallPng(150) }, { name: 'C:\\x\\cat\\c.png', data: smallPng(200) }];
}
