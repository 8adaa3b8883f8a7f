// Axis arithmetic for the app's SVG charts: "nice" tick values (1, 2 or 5 times a power of ten) over a range,
// whole-number ticks for epochs, and the linear map from data to pixels. Pure, so it is unit-tested in Node.

/** The step among 1, 2, 5 × 10^k nearest to cutting `span` into `count` parts (d3's rule: thresholds at √2, √10, √50). */
function nearStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  return (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1) * power;
}

/** The step among 1, 2, 5 × 10^k that cuts `span` into at most `count` parts. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** About `count` + 1 round values from `min` to `max` inclusive (both inside the range). */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const step = nearStep(max - min, count);
  const ticks: number[] = [];
  // Rounded to the step's decimals, so 0.1 + 0.2 reads 0.3 and not 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals)));
  return ticks;
}

/** Whole numbers from `min` to `max` (epochs), thinned to steps of 1, 2, 5, 10 … so at most `count` are kept. */
export function integerTicks(min: number, max: number, count = 10): number[] {
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return [];
  const step = Math.max(1, niceStep(hi - lo, Math.max(1, count - 1)));
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) ticks.push(v);
  if (ticks.length === 0) ticks.push(lo);
  return ticks;
}

/** The linear map from [d0, d1] to [r0, r1]; a range of zero width maps everything to its middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return span === 0 ? () => (r0 + r1) / 2 : (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** A tick's label: as many decimals as the step between ticks needs, and no more. */
export function tickLabel(value: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs((ticks[1] ?? 0) - (ticks[0] ?? 0)) : 1;
  const decimals = step > 0 ? Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9))) : 0;
  return value.toFixed(decimals);
}
