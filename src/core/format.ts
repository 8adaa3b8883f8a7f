// Numbers as people read them: thousands separators, percentages with one decimal, `1 min 12 s`, `3.4 MB`.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole number with separators; "—" when it is absent or not finite. */
export function formatCount(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? integer.format(n) : '—';
}

/** A measured number with fixed decimals (a loss); "—" when it is absent or not finite (NaN never reads as a value). */
export function formatNumber(n: number | null | undefined, digits: number): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '—';
}

/** `1 file`, `2 files`, `10 classes`: a count with its noun, singular or plural. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

export function formatPercent(fraction: number | null | undefined): string {
  if (typeof fraction !== 'number' || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(1)} %`;
}

export function formatRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return `— ${unit}/s`;
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${perSecond.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}/s`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** Time left from work done so far at a steady rate. */
export function timeLeft(done: number, total: number, elapsedSeconds: number): number {
  if (done <= 0 || elapsedSeconds <= 0) return Number.NaN;
  return ((total - done) * elapsedSeconds) / done;
}

/** A name cut to `max` characters with an ellipsis, for places that cannot wrap (chart labels); whole code points only. */
export function shortName(name: string, max: number): string {
  const chars = Array.from(name);
  return chars.length <= max ? name : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** `shortName` of each, kept distinct (a chart merges equal labels): a clash gets its position in front. */
export function distinctShortNames(names: readonly string[], max: number): string[] {
  const short = names.map((n) => shortName(n, max));
  const seen = new Map<string, number>();
  for (const s of short) seen.set(s, (seen.get(s) ?? 0) + 1);
  return short.map((s, i) => ((seen.get(s) ?? 0) > 1 ? `${i + 1}. ${s}` : s));
}

/**
 * A name wrapped in Unicode's first-strong isolate and pop isolate (U+2068 … U+2069): the plain-text <bdi>, for
 * text that cannot hold elements (an SVG <title> tooltip), so a right-to-left override in the name ends with it.
 */
export function isolateName(name: string): string {
  return `\u2068${name}\u2069`;
}

/** Text cut at each occurrence of the given names (longest first), so a view can isolate each name (<bdi>). */
export function splitByNames(text: string, names: readonly (string | undefined)[]): { text: string; name: boolean }[] {
  const wanted = [...new Set(names.filter((n): n is string => !!n))].sort((a, b) => b.length - a.length);
  const parts: { text: string; name: boolean }[] = [];
  let plain = '';
  for (let i = 0; i < text.length;) {
    const found = wanted.find((n) => text.startsWith(n, i));
    if (found === undefined) {
      plain += text[i];
      i++;
      continue;
    }
    if (plain) parts.push({ text: plain, name: false });
    plain = '';
    parts.push({ text: found, name: true });
    i += found.length;
  }
  if (plain) parts.push({ text: plain, name: false });
  return parts;
}

/** An image shape `[height, width, channels]` as people read it, width first: `64×48, colour`. */
export function formatImageShape(shape: readonly number[]): string {
  return `${shape[1]}×${shape[0]}, ${shape[2] === 1 ? 'gray' : 'colour'}`;
}
