// Inflating data that declares its size (a zip entry, a PNG's pixel stream) without trusting it: the output
// buffer is exactly the declared size, and inflation stops as soon as more would come out. Small inputs
// inflate in one go (deflate's ceiling is ~1,032 bytes out per byte in, so 64 KiB gives at most ~66 MiB of
// work); larger ones stream in 64 KiB pieces, the async form pausing between them so its thread keeps answering.
import { Inflate, inflateSync } from 'fflate';
import { formatSize } from './input-budget';

const ONE_GO = 64 * 1024;
/** Work between pauses when a large input streams. */
const SLICE_MS = 25;

/** Raw deflate into at most `size` bytes; shorter when the stream ends early. Throws when it would give more. */
export async function inflateWithin(compressed: Uint8Array, size: number): Promise<Uint8Array> {
  const steps = inflateSteps(compressed, size);
  let last = now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (now() - last > SLICE_MS) {
      await nextTask();
      last = now();
    }
  }
}

/** The same without pauses, for a worker's synchronous decoders. */
export function inflateWithinSync(compressed: Uint8Array, size: number): Uint8Array {
  const steps = inflateSteps(compressed, size);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Yields after each piece of input, so the caller decides whether to pause. */
function* inflateSteps(compressed: Uint8Array, size: number): Generator<void, Uint8Array> {
  const out = new Uint8Array(size);
  if (compressed.length <= ONE_GO) {
    // With `out` given, fflate writes at most `size` bytes; anything past it is counted, never kept.
    const result = inflateOrSay(() => inflateSync(compressed, { out }));
    return result.length === size ? out : out.subarray(0, result.length);
  }
  let at = 0;
  let over = false;
  const stream = new Inflate((data) => {
    if (at + data.length > size) over = true;
    else out.set(data, at);
    at += data.length;
  });
  for (let i = 0; i < compressed.length && !over; i += ONE_GO) {
    inflateOrSay(() => stream.push(compressed.subarray(i, i + ONE_GO), i + ONE_GO >= compressed.length));
    yield;
  }
  if (over) throw new Error(`its data expands past the ${formatSize(size)} it declares`);
  return at === size ? out : out.subarray(0, at);
}

function inflateOrSay<T>(inflate: () => T): T {
  try {
    return inflate();
  } catch (error) {
    throw new Error(`its compressed data does not inflate (${error instanceof Error ? error.message : String(error)})`);
  }
}

type TimerHost = { setTimeout?: (run: () => void, ms: number) => unknown };

/** Lets the thread run other tasks (a page's events, a worker's messages) before going on. */
export function nextTask(): Promise<void> {
  const host = globalThis as TimerHost;
  return new Promise((resolve) => (host.setTimeout ? host.setTimeout(resolve, 0) : resolve()));
}

function now(): number {
  return (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();
}
