// Whether a file's bytes can be an image we import, decided without decoding: the header (format, size within
// the budget) and, for a PNG, whether the file stops inside or before its image data. The preview runs it on
// the files it reads, so its count is the import's; the import runs it on every file, so reasons match.
import { readImageHeader, type HeaderResult } from './image-header';
import { imageSizeProblem } from './input-budget';

export type ImageHeader = Extract<HeaderResult, { ok: true }>;

/** The header of an importable image, or the reason, in words, why these bytes are not one. */
export function checkImageBytes(bytes: Uint8Array): { ok: true; header: ImageHeader } | { ok: false; reason: string } {
  const header = readImageHeader(bytes);
  if (!header.ok) return header;
  const problem = imageSizeProblem(header.width, header.height) ?? (header.format === 'png' ? pngTruncation(bytes) : undefined);
  return problem ? { ok: false, reason: problem } : { ok: true, header };
}

const IDAT = 0x49444154;
const IEND = 0x49454e44;
const TRUNCATED = 'truncated PNG: the file ends before its image data is complete';

/**
 * Walks the chunk lengths (no inflating, no CRCs): a file that stops inside a chunk before its image data is
 * complete, or holds no image data at all, cannot be decoded. A file that stops cleanly after its image data
 * (only IEND missing) is left to the decoder, which may well read it.
 */
export function pngTruncation(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let seenImageData = false;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = view.getUint32(at + 4);
    if (type === IEND) return undefined;
    const imageDataDone = seenImageData && type !== IDAT;
    if (at + 8 + length > bytes.length) return imageDataDone ? undefined : TRUNCATED;
    if (type === IDAT) seenImageData = true;
    else if (imageDataDone) return undefined;
    at += 12 + length;
  }
  return seenImageData ? undefined : TRUNCATED;
}
