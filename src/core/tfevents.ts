// TensorBoard event files, written byte by byte: TFRecord framing (length, masked CRC32C of the length, data,
// masked CRC32C of the data) around Event protos holding per-epoch scalars, as Keras' TensorBoard callback writes.
import { concatBytes } from './bytes';

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), as TFRecord uses. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (CRC32C_TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 and add a constant. */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One TFRecord: uint64 length, masked CRC of the length, the data, masked CRC of the data (all little-endian). */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, true);
  view.setUint32(4, Math.floor(data.length / 2 ** 32), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

// Protobuf wire format, only what Event needs.
function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return bytes;
}

const key = (field: number, wire: number) => varint(field * 8 + wire);

function lengthDelimited(field: number, payload: Uint8Array | number[]): number[] {
  return [...key(field, 2), ...varint(payload.length), ...payload];
}

function double(field: number, value: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return [...key(field, 1), ...b];
}

function float(field: number, value: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return [...key(field, 5), ...b];
}

/** Event { wall_time = 1 (double), step = 2 (int64), file_version = 3 (string) }. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return Uint8Array.from([...double(1, wallTime), ...lengthDelimited(3, new TextEncoder().encode('brain.Event:2'))]);
}

/** Event { wall_time, step, summary = 5 { value = 1 { tag = 1, simple_value = 2 } } }. */
export function scalarEvent(wallTime: number, step: number, tag: string, value: number): Uint8Array {
  const summaryValue = [...lengthDelimited(1, new TextEncoder().encode(tag)), ...float(2, value)];
  const summary = lengthDelimited(1, summaryValue);
  return Uint8Array.from([...double(1, wallTime), ...key(2, 0), ...varint(step), ...lengthDelimited(5, summary)]);
}

export interface ScalarPoint {
  step: number;
  /** Seconds since the epoch. */
  wallTime: number;
  values: Record<string, number>;
}

/** A whole event file: the version record, then one record per scalar per step (non-finite values left out). */
export function eventFile(points: readonly ScalarPoint[], startTime: number): Uint8Array {
  const records = [tfRecord(fileVersionEvent(startTime))];
  for (const point of points) {
    for (const [tag, value] of Object.entries(point.values)) {
      if (Number.isFinite(value)) records.push(tfRecord(scalarEvent(point.wallTime, point.step, tag, value)));
    }
  }
  return concatBytes(records);
}

/** Name TensorBoard looks for: events.out.tfevents.<seconds>.<host>. */
export function eventFileName(startTime: number, host = 'trainyard'): string {
  return `events.out.tfevents.${Math.floor(startTime)}.${host}`;
}
