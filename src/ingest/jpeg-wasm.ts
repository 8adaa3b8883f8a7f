// JPEGs decoded inside the ingest worker by libjpeg-turbo compiled to WebAssembly (@jsquash/jpeg's MozJPEG
// decoder). For small images the browser's decoder costs more in its trip (the bytes into a Blob, to a decoder
// thread and back as an ImageBitmap, drawn and read back) than in decoding: 30,000 96×96 photos decoded at about
// 1,700 images/s through createImageBitmap and 6,400 here, every pixel identical. Only plain JPEGs
// (core/jpeg-plain) already at the target size come here, so the pixels, and every dataset's content id, stay
// those of the browser's decoder; the rest go to the browser as before.
import decode, { init } from '@jsquash/jpeg/decode.js';
import { isPlainJpeg } from '../core/jpeg-plain';

let started = false;
const quiet = () => {};

/**
 * RGBA pixels of a plain JPEG of exactly width × height; undefined when the file is not plain, has another size,
 * or the decoder cannot load or refuses it (the browser then tries, and names the failure).
 */
export async function decodePlainJpeg(bytes: Uint8Array, width: number, height: number): Promise<Uint8ClampedArray | undefined> {
  if (!isPlainJpeg(bytes)) return undefined;
  if (!started) {
    started = true;
    // libjpeg's warnings ("Premature end of JPEG file") would reach the console: the browser's decoder names the failure instead.
    void init({ print: quiet, printErr: quiet });
  }
  try {
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const image = await decode(whole.buffer as ArrayBuffer);
    return image.width === width && image.height === height ? image.data : undefined;
  } catch {
    return undefined;
  }
}
