// Whether a run holds its splits in memory (and then on the GPU, when they also fit core/device-data-budget.ts) or
// streams them from stored shards: in memory is faster, so it is taken whenever the bytes fit a budget derived from
// the device's memory. navigator.deviceMemory (GiB, rounded and capped at 8 by the browser) where there is one; a
// conservative guess where there is not (Firefox, Safari, Node).

const GiB = 1024 ** 3;
/** Device memory assumed when the browser does not say. */
export const DEFAULT_DEVICE_MEMORY_GIB = 4;
/** Share of the device's memory a run's pixels may take: the tab, tfjs, the model and the UI need the rest. */
export const RESIDENT_SHARE = 1 / 8;

/** Bytes of pixels a run may hold in memory on a device with `deviceMemoryGiB` (navigator.deviceMemory) of memory. */
export function residentBudgetBytes(deviceMemoryGiB: number | undefined): number {
  const gib = deviceMemoryGiB !== undefined && Number.isFinite(deviceMemoryGiB) && deviceMemoryGiB > 0 ? deviceMemoryGiB : DEFAULT_DEVICE_MEMORY_GIB;
  return Math.floor(gib * GiB * RESIDENT_SHARE);
}

export type Residency = { inMemory: true; bytes: number; budgetBytes: number } | { inMemory: false; bytes: number; budgetBytes: number; reason: string };

export interface ResidencyRequest {
  /** Pixel bytes of the splits the run would hold (training, and the test split when it validates on it). */
  bytes: number;
  deviceMemoryGiB?: number;
  /** Overrides the budget derived from the device's memory. */
  budgetBytes?: number;
}

export function planResidency(request: ResidencyRequest): Residency {
  const budgetBytes = request.budgetBytes ?? residentBudgetBytes(request.deviceMemoryGiB);
  const { bytes } = request;
  if (bytes <= budgetBytes) return { inMemory: true, bytes, budgetBytes };
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
  return { inMemory: false, bytes, budgetBytes, reason: `the images take ${mb(bytes)}, over the ${mb(budgetBytes)} this device can hold in memory: they are streamed from storage` };
}

/** Share of the budget the validation images may take in memory while the training images are streamed. */
export const STREAMED_VALIDATION_SHARE = 1 / 2;

/**
 * Whether a streamed run holds its validation images in memory: read once, where streaming them read their shards
 * again every epoch (held-out images are scattered through every training shard).
 */
export function holdsValidation(validationBytes: number, budgetBytes: number): boolean {
  return validationBytes <= budgetBytes * STREAMED_VALIDATION_SHARE;
}
