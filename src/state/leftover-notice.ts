// The words for what start-up cleanup removed: an import a closed (or crashed) tab left half-written.
import { formatBytes, formatCount } from '../core/format';
import type { Leftovers } from '../storage/datasets';

/** One sentence per unfinished import removed; undefined when there was none (stray shards are not news). */
export function leftoverNotice(leftovers: Leftovers): string | undefined {
  if (leftovers.imports.length === 0) return undefined;
  return leftovers.imports
    .map((p) => `Removed an unfinished import of "${p.name}": ${formatCount(p.images)} images, ${formatBytes(p.bytes)}, left by a tab that was closed or crashed.`)
    .join(' ');
}
