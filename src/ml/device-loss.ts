// Whether the WebGPU device under tfjs is gone. tfjs does not watch `device.lost`, and the error a lost device
// gives a pending `mapAsync` says little ("A valid external Instance reference no longer exists", an AbortError),
// so a failed run asks here and its error names the loss, for the queue to restart the worker on a new device.
import { activeWebGpu } from './kernels/webgpu/backend-internals';
import { DEVICE_LOST_ERROR } from '../core/run-failure';

/** How long a failed run waits for `device.lost` to settle after the error that the loss caused. */
const LOST_SETTLES_MS = 200;

/** The reason the active WebGPU device was lost, or undefined when it was not (or WebGPU is not active). */
export async function lostDeviceReason(): Promise<string | undefined> {
  const device = activeWebGpu()?.device;
  if (!device) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), LOST_SETTLES_MS)));
  try {
    const info = await Promise.race([device.lost, settled]);
    return info ? info.message || `reason: ${info.reason}` : undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The error to rethrow: a GPUDeviceLostError with the device's own reason when it was lost, else the original. */
export async function withDeviceLoss(error: unknown): Promise<unknown> {
  const reason = await lostDeviceReason();
  return reason === undefined ? error : Object.assign(new Error(reason), { name: DEVICE_LOST_ERROR });
}
