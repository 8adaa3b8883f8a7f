// The bytes of one pixel shard as a file: a 16-byte header (magic, image count, pixel bytes, path bytes), the
// labels (Uint16, little-endian, so they stay aligned), the pixels, then the paths as JSON text. One read of
// the whole file gives views on it without copying the pixels.
import { concatBytes } from '../core/bytes';
import type { ShardData } from '../core/types';

const MAGIC = 0x31535954; // "TYS1" read as a little-endian Uint32
const HEADER_BYTES = 16;

export function encodeShardFile(shard: ShardData): Uint8Array<ArrayBuffer> {
  return concatBytes(shardFileParts(shard));
}

/**
 * The file's bytes as three parts (header and labels, the pixels as they are, the paths), to be written one after
 * the other: the pixels, nearly all of a shard, are not copied into a joined buffer first.
 */
export function shardFileParts(shard: ShardData): [Uint8Array<ArrayBuffer>, Uint8Array, Uint8Array<ArrayBuffer>] {
  const paths = new TextEncoder().encode(JSON.stringify(shard.paths));
  const labelBytes = shard.count * 2;
  const head = new Uint8Array(HEADER_BYTES + labelBytes);
  const header = new DataView(head.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, shard.count, true);
  header.setUint32(8, shard.pixels.byteLength, true);
  header.setUint32(12, paths.byteLength, true);
  const labels = new DataView(head.buffer, HEADER_BYTES, labelBytes);
  for (let i = 0; i < shard.count; i++) labels.setUint16(i * 2, shard.labels[i] ?? 0, true);
  return [head, shard.pixels, paths];
}

/** `where` names the file in the error a damaged one gives. */
export function decodeShardFile(buffer: ArrayBuffer, where: string): ShardData {
  const damaged = (why: string) => new Error(`${where}: the stored shard is damaged (${why}).`);
  if (buffer.byteLength < HEADER_BYTES) throw damaged(`${buffer.byteLength} bytes, shorter than its header`);
  const header = new DataView(buffer, 0, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw damaged('not a shard file');
  const count = header.getUint32(4, true);
  const pixelBytes = header.getUint32(8, true);
  const pathBytes = header.getUint32(12, true);
  const labelsAt = HEADER_BYTES;
  const pixelsAt = labelsAt + count * 2;
  const pathsAt = pixelsAt + pixelBytes;
  if (pathsAt + pathBytes !== buffer.byteLength) throw damaged(`${buffer.byteLength} bytes where its header says ${pathsAt + pathBytes}`);
  const labels = littleEndian() ? new Uint16Array(buffer, labelsAt, count) : readLabels(new DataView(buffer, labelsAt, count * 2), count);
  const paths = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, pathsAt, pathBytes))) as unknown;
  if (!Array.isArray(paths) || paths.length !== count) throw damaged('its paths do not match its images');
  return { count, pixels: new Uint8Array(buffer, pixelsAt, pixelBytes), labels, paths: paths.map(String) };
}

function littleEndian(): boolean {
  return new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
}

function readLabels(view: DataView, count: number): Uint16Array {
  return Uint16Array.from({ length: count }, (_, i) => view.getUint16(i * 2, true));
}
