// Why a run stopped, decided from the error alone and from whether the person asked to cancel it. Only their
// cancel is a cancel: a GPU device lost inside `mapAsync` also throws an `AbortError`, and taking it for a cancel
// left the worker on a dead device, so the next run failed too.

/** What the queue needs of an error: Comlink carries `name` and `message` across the worker boundary. */
export interface ErrorLike {
  name?: string;
  message: string;
}

export type FailureKind = 'cancelled' | 'device-lost' | 'out-of-memory' | 'diverged' | 'exception';

export interface RunFailure {
  kind: FailureKind;
  status: 'cancelled' | 'failed';
  /** For the run's record and the person; absent for a cancel. */
  message?: string;
  /** A fresh worker (and with it a fresh GPU device or WASM heap) before the next run. */
  restartWorker: boolean;
}

/** The name the training loop gives a run that stopped on a non-finite loss. */
export const DIVERGED_ERROR = 'DivergedError';
/** The name the worker gives an error after which it saw its WebGPU device lost (ml/device-loss.ts). */
export const DEVICE_LOST_ERROR = 'GPUDeviceLostError';

// Dawn and Chromium's wordings for a device that is gone (destroyed, lost, or its instance dropped).
const DEVICE_LOST = [
  /device (is |was |has been )?(lost|destroyed)/i,
  /valid external instance reference no longer exists/i,
  /\binstance (is |was )?(lost|dropped|destroyed)/i,
  /GPUDevice.*\b(lost|destroyed)/i,
  /(buffer|device) .*destroyed/i,
  // Dawn's answer on a lost device to a buffer of a few kB: not a real size limit (a real one names the limit).
  /createBuffer failed, size \(\d+\) is too large/i,
];
// WebGPU's GPUOutOfMemoryError, tfjs's wordings, Emscripten's heap limits, V8's allocation failures.
const OUT_OF_MEMORY = [
  /out of memory/i,
  /\bOOM\b/,
  /allocation failed/i,
  /failed to allocate/i,
  /cannot enlarge memory/i,
  /maximum memory size exceeded/i,
  /memory\.grow/i,
];

export function errorLike(error: unknown): ErrorLike {
  if (error instanceof Error) return { name: error.name, message: error.message };
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return { ...(typeof name === 'string' ? { name } : {}), message: String(message) };
  }
  return { message: String(error) };
}

/**
 * Rules, in order: a lost device or exhausted memory wins (the worker must be recreated, even when the person had
 * just asked to cancel); then the person's cancel; then divergence (the loss became NaN or infinite, the worker is
 * fine); anything else is an exception, and the worker is recreated in case it left the backend broken.
 */
export function classifyRunFailure(error: ErrorLike, userCancelled: boolean): RunFailure {
  const text = `${error.name ?? ''}: ${error.message}`;
  if (error.name === DEVICE_LOST_ERROR || DEVICE_LOST.some((p) => p.test(text))) {
    const message = `The GPU device was lost (${error.message}). The training worker was restarted with a new device; retry the run, and if it happens again choose a smaller model or batch size.`;
    return userCancelled ? { kind: 'cancelled', status: 'cancelled', restartWorker: true } : { kind: 'device-lost', status: 'failed', message, restartWorker: true };
  }
  if (OUT_OF_MEMORY.some((p) => p.test(text))) {
    const message = `Out of memory (${error.message}). The training worker was restarted; try a smaller batch size or model.`;
    return userCancelled ? { kind: 'cancelled', status: 'cancelled', restartWorker: true } : { kind: 'out-of-memory', status: 'failed', message, restartWorker: true };
  }
  // The loop's own cancel needs no new worker; another error that raced the person's cancel might.
  if (userCancelled) return { kind: 'cancelled', status: 'cancelled', restartWorker: !isCancelError(error) };
  if (error.name === DIVERGED_ERROR) return { kind: 'diverged', status: 'failed', message: error.message, restartWorker: false };
  return { kind: 'exception', status: 'failed', message: error.message, restartWorker: true };
}

/** The error the training loop throws when its signal aborts (a DOMException named AbortError). */
function isCancelError(error: ErrorLike): boolean {
  return error.name === 'AbortError' && /cancelled/i.test(error.message);
}
