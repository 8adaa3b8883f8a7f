// Reads TensorBoard event files back for tests, independently of the writer: TFRecord framing with both
// masked CRC-32C checked, then the Event protos decoded field by field (wall_time, step, summary values).
import { maskedCrc32c } from '../../src/core/tfevents';

export interface ReadEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars: { tag: string; value: number }[];
}

export function readRecords(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const length = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes.subarray(at, at + 8))) throw new Error(`bad length CRC at byte ${at}`);
    const data = bytes.subarray(at + 12, at + 12 + length);
    if (view.getUint32(at + 12 + length, true) !== maskedCrc32c(data)) throw new Error(`bad data CRC at byte ${at}`);
    out.push(data);
    at += 12 + length + 4;
  }
  return out;
}

function fields(bytes: Uint8Array): { field: number; wire: number; value: number | Uint8Array; at: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { field: number; wire: number; value: number | Uint8Array; at: number }[] = [];
  let at = 0;
  const varint = () => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[at++] as number;
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return result;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    const start = at;
    if (wire === 0) out.push({ field, wire, value: varint(), at: start });
    else if (wire === 1) (out.push({ field, wire, value: view.getFloat64(at, true), at: start }), (at += 8));
    else if (wire === 5) (out.push({ field, wire, value: view.getFloat32(at, true), at: start }), (at += 4));
    else if (wire === 2) {
      const n = varint();
      out.push({ field, wire, value: bytes.subarray(at, at + n), at: start });
      at += n;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

export function readEvents(bytes: Uint8Array): ReadEvent[] {
  return readRecords(bytes).map((record) => {
    const event: ReadEvent = { wallTime: 0, step: 0, scalars: [] };
    for (const f of fields(record)) {
      if (f.field === 1) event.wallTime = f.value as number;
      else if (f.field === 2) event.step = f.value as number;
      else if (f.field === 3) event.fileVersion = new TextDecoder().decode(f.value as Uint8Array);
      else if (f.field === 5) {
        for (const v of fields(f.value as Uint8Array).filter((x) => x.field === 1)) {
          const parts = fields(v.value as Uint8Array);
          const tag = new TextDecoder().decode(parts.find((p) => p.field === 1)?.value as Uint8Array);
          event.scalars.push({ tag, value: parts.find((p) => p.field === 2)?.value as number });
        }
      }
    }
    return event;
  });
}
