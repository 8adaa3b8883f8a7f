// One image a person drops on "Try a model", prepared exactly as the dataset's images were at import:
// decoded, letterboxed to the dataset's size, then turned into its number of channels.
import { readImageHeader } from '../core/image-header';
import { imageSizeProblem, modelInputProblem } from '../core/input-budget';
import type { ImageShape } from '../core/types';
import { decodeImage, RefusedImage } from './decode';

/** `h × w × c` bytes in the dataset's shape, or a readable error naming the file. */
export async function fitImageToShape(bytes: Uint8Array, name: string, shape: ImageShape): Promise<Uint8Array> {
  const header = readImageHeader(bytes.subarray(0, 65536));
  if (!header.ok) throw new Error(`${name}: ${header.reason}`);
  const [height, width, channels] = shape;
  // Both sizes are budgeted before anything is decoded: the file's, and the one the model asks for.
  const modelProblem = modelInputProblem(height, width, channels);
  if (modelProblem) throw new Error(`${name} cannot be tried: ${modelProblem}`);
  const tooLarge = imageSizeProblem(header.width, header.height);
  if (tooLarge) throw new Error(`${name}: ${tooLarge}`);
  let decoded;
  try {
    decoded = await decodeImage(bytes, header.format, width, height, 'letterbox', header.width, header.height);
  } catch (error) {
    if (error instanceof RefusedImage) throw new Error(`${name}: ${error.message}`);
    throw new Error(`${name}: corrupt or truncated ${header.format.toUpperCase()} (it could not be decoded)`);
  }
  if (decoded.channels === channels) return decoded.pixels;
  const n = width * height;
  if (channels === 3) return Uint8Array.from({ length: n * 3 }, (_, i) => decoded.pixels[Math.floor(i / 3)] as number);
  // Colour into a gray dataset: ITU-R BT.601 luma, what most gray conversions use.
  const rgb = decoded.pixels;
  return Uint8Array.from({ length: n }, (_, i) => Math.round(0.299 * (rgb[i * 3] as number) + 0.587 * (rgb[i * 3 + 1] as number) + 0.114 * (rgb[i * 3 + 2] as number)));
}
