// A zip's table of contents read by hand from its central directory (zip64 included), so every size an entry
// declares is known, and checked against a budget, before a single byte of it is inflated.
import { CENTRAL_DIRECTORY_LIMIT, formatSize, ZIP_ENTRY_COUNT_LIMIT } from './input-budget';

export interface ZipEntry {
  /** The name as stored: '/' or '\' separated, possibly hostile (checked by zip-paths). */
  name: string;
  dir: boolean;
  /** 0: stored, 8: deflated; anything else cannot be read. */
  method: number;
  encrypted: boolean;
  crc: number;
  compressedSize: number;
  /** What the entry declares it expands to. */
  size: number;
  localOffset: number;
}

/** Where the central directory lies, from the end-of-central-directory record in `tail` (the file's last bytes). */
export interface DirectoryPlace { offset: number; size: number; entries: number; zip64At?: number }

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
export const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

/** How many bytes from the end hold the end record: 22 bytes and a comment of at most 64 KiB, and the zip64 locator. */
export const TAIL_BYTES = 22 + 65535 + 20;

/** The central directory's place, from the last `tail` bytes of a file `fileSize` long; throws when it is not a zip. */
export function findDirectory(tail: Uint8Array, fileSize: number): DirectoryPlace {
  const view = viewOf(tail);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === EOCD && i + 22 + view.getUint16(i + 20, true) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new Error('not a zip file (no end of central directory record)');
  let place: DirectoryPlace = { entries: view.getUint16(at + 10, true), size: view.getUint32(at + 12, true), offset: view.getUint32(at + 16, true) };
  if (at >= 20 && view.getUint32(at - 20, true) === ZIP64_LOCATOR) place = { ...place, zip64At: Number(view.getBigUint64(at - 12, true)) };
  if (place.zip64At === undefined) checkPlace(place, fileSize);
  return place;
}

/** The zip64 end record (56 bytes at `place.zip64At`) completes the place. */
export function readZip64End(record: Uint8Array, fileSize: number): DirectoryPlace {
  const view = viewOf(record);
  if (record.length < 56 || view.getUint32(0, true) !== ZIP64_EOCD) throw new Error('corrupt zip64 end record');
  const place = { entries: Number(view.getBigUint64(32, true)), size: Number(view.getBigUint64(40, true)), offset: Number(view.getBigUint64(48, true)) };
  checkPlace(place, fileSize);
  return place;
}

function checkPlace(place: DirectoryPlace, fileSize: number): void {
  if (place.offset + place.size > fileSize) throw new Error('truncated zip (its central directory lies past the end of the file)');
  if (place.size > CENTRAL_DIRECTORY_LIMIT) throw new Error(`its table of contents takes ${formatSize(place.size)}, more than the ${formatSize(CENTRAL_DIRECTORY_LIMIT)} allowed`);
  if (place.entries > ZIP_ENTRY_COUNT_LIMIT) throw new Error(`it declares ${place.entries} files, more than the ${ZIP_ENTRY_COUNT_LIMIT} allowed`);
}

/** Every entry of the central directory `bytes`; throws on a record that does not parse or points outside the file. */
export function parseDirectory(bytes: Uint8Array, expected: number, fileSize: number): ZipEntry[] {
  const view = viewOf(bytes);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder();
  let at = 0;
  while (at + 46 <= bytes.length && view.getUint32(at, true) === CENTRAL) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const end = at + 46 + nameLength + extraLength + view.getUint16(at + 32, true);
    if (end > bytes.length) throw new Error('corrupt zip (a central directory record runs past its end)');
    const name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const sizes = { size: view.getUint32(at + 24, true), compressedSize: view.getUint32(at + 20, true), localOffset: view.getUint32(at + 42, true) };
    readZip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), sizes);
    if (sizes.localOffset + 30 + sizes.compressedSize > fileSize) throw new Error(`${name}: truncated zip (its data would lie past the end of the file)`);
    entries.push({
      name, dir: name.endsWith('/') || name.endsWith('\\'), method: view.getUint16(at + 10, true), encrypted: (view.getUint16(at + 8, true) & 1) === 1,
      crc: view.getUint32(at + 16, true), ...sizes,
    });
    at = end;
  }
  if (entries.length !== expected) throw new Error(`corrupt zip (its directory lists ${entries.length} files but its end record says ${expected})`);
  return entries;
}

/** Zip64 (extra field 1): a size or offset of 0xFFFFFFFF is in the extra field instead, in this order. */
function readZip64Extra(extra: Uint8Array, sizes: { size: number; compressedSize: number; localOffset: number }): void {
  const view = viewOf(extra);
  for (let at = 0; at + 4 <= extra.length; at += 4 + view.getUint16(at + 2, true)) {
    if (view.getUint16(at, true) !== 1) continue;
    let field = at + 4;
    const end = field + view.getUint16(at + 2, true);
    for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
      if (sizes[key] !== MAX32) continue;
      if (field + 8 > end || field + 8 > extra.length) throw new Error('corrupt zip (a zip64 size is missing)');
      sizes[key] = Number(view.getBigUint64(field, true));
      field += 8;
    }
  }
}

/** Offset of an entry's data from the start of its local header (30 bytes); undefined when the header is not one. */
export function localDataOffset(header: Uint8Array): number | undefined {
  const view = viewOf(header);
  if (header.length < 30 || view.getUint32(0, true) !== LOCAL) return undefined;
  return 30 + view.getUint16(26, true) + view.getUint16(28, true);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
