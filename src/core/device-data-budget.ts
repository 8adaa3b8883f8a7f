// Whether a training set goes to the GPU once and stays there (batches then gathered on the device) or is sent
// batch by batch from the host: a pure decision on sizes, so it is tested without a device. Pixels stay bytes on
// the device (4 to an i32), never floats; labels and the epoch's order are one i32 each per image.

/** Device memory the resident sets may take by default: small beside any discrete GPU, and an integrated GPU's share. */
export const DEFAULT_DEVICE_DATA_BUDGET = 256 * 1024 * 1024;

export interface DeviceDataRequest {
  /** The sets that would be resident together (training, validation), each as images × bytes per image. */
  sets: readonly { images: number; bytesPerImage: number }[];
  /** The device's largest storage binding (GPUDevice.limits.maxStorageBufferBindingSize): one set's pixels are one binding. */
  maxBindingBytes: number;
  budgetBytes?: number;
}

export type DeviceDataPlan = { onDevice: true; bytes: number } | { onDevice: false; bytes: number; reason: string };

/** Bytes one set takes on the device: its pixels padded to whole i32s, its labels and its order. */
export function deviceBytes(set: { images: number; bytesPerImage: number }): number {
  return Math.ceil((set.images * set.bytesPerImage) / 4) * 4 + 8 * set.images;
}

export function planDeviceData(request: DeviceDataRequest): DeviceDataPlan {
  const budget = request.budgetBytes ?? DEFAULT_DEVICE_DATA_BUDGET;
  const bytes = request.sets.reduce((sum, set) => sum + deviceBytes(set), 0);
  const mib = (n: number) => (n < 1024 ? `${n} bytes` : n < 2 ** 20 ? `${Math.ceil(n / 1024)} KiB` : `${Math.round(n / 2 ** 20)} MiB`);
  const largest = Math.max(0, ...request.sets.map((s) => Math.ceil((s.images * s.bytesPerImage) / 4) * 4));
  if (request.sets.every((s) => s.images === 0)) return { onDevice: false, bytes, reason: 'there are no images' };
  if (largest > request.maxBindingBytes) {
    return { onDevice: false, bytes, reason: `a set's pixels (${mib(largest)}) exceed the device's largest buffer binding (${mib(request.maxBindingBytes)})` };
  }
  if (bytes > budget) return { onDevice: false, bytes, reason: `the sets take ${mib(bytes)}, over the ${mib(budget)} budget for data on the device` };
  return { onDevice: true, bytes };
}
