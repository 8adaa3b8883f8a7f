// When an import asks the browser for its storage estimate again before writing a shard. Each ask is a trip to the
// browser's quota manager: about 7.5 ms, and 197 of them for 30,000 photos, in the ingest worker's write path. One
// estimate is enough while the room it reported, less what the import has written since, still holds the rest of
// the import with the margin; it is asked again every `refreshBytes` written, so a disk that something else fills
// is still seen before a write is refused (a refused write stops the import cleanly as well).

/** Bytes written between two estimates when the last one still proves there is room. */
export const ESTIMATE_REFRESH_BYTES = 64 * 1024 * 1024;

/** What the last estimate said: the free bytes, and the bytes this import had written when it was taken. */
export interface KnownRoom {
  free: number;
  writtenAt: number;
}

/**
 * True when a shard write must first ask for the estimate again: nothing is known yet, `refreshBytes` were written
 * since the last ask, or the room it reported, less what was written since, no longer holds `rest` × `margin`.
 */
export function needsEstimate(known: KnownRoom | undefined, written: number, rest: number, margin: number, refreshBytes = ESTIMATE_REFRESH_BYTES): boolean {
  if (!known) return true;
  const since = written - known.writtenAt;
  if (since < 0 || since >= refreshBytes) return true;
  return rest * margin > known.free - since;
}
