// Successive halving over a dataset's grid: every run trains a first budget of epochs; when all of a rung
// have, the best fraction by validation accuracy goes on with twice the budget, the rest are pruned.
import type { RunRecord } from './run';

export interface HalvingOptions {
  enabled: boolean;
  /** Epochs every run trains before the first cut. */
  firstEpochs: number;
  /** Share of a rung that goes on, in (0, 1). */
  keep: number;
}

export const DEFAULT_HALVING: HalvingOptions = { enabled: false, firstEpochs: 1, keep: 0.5 };

export function checkHalving(o: HalvingOptions): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(o.firstEpochs) || o.firstEpochs < 1) errors.push('first epochs must be a whole number, 1 or more');
  if (!(o.keep > 0 && o.keep < 1)) errors.push('the share kept must be between 0 and 1 (for example 0.5)');
  return errors;
}

/** Epochs a run may have trained by the end of `rung`: the first budget, doubled each rung, capped at its own epochs. */
export function rungBudget(rung: number, options: HalvingOptions, epochs: number): number {
  return Math.min(epochs, options.firstEpochs * 2 ** rung);
}

/** Best validation accuracy reached so far (−1 when none). */
export function bestValAccuracy(run: RunRecord): number {
  return run.history.reduce((best, e) => (Number.isFinite(e.valAccuracy) && e.valAccuracy > best ? e.valAccuracy : best), -1);
}

/** The ids that go on: the top ceil(n × keep) by best validation accuracy; ties go to the earlier in `runs`. */
export function survivors(runs: readonly RunRecord[], keep: number): string[] {
  const count = Math.max(1, Math.ceil(runs.length * keep));
  return runs
    .map((run, index) => ({ run, index, score: bestValAccuracy(run) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .map((x) => x.run.id);
}

export interface HalvingDecision {
  rung: number;
  promote: string[];
  prune: string[];
}

/**
 * For one dataset's halving runs: once every active run of the lowest rung is waiting, decide that rung.
 * Returns undefined while some run of that rung still has to train.
 */
export function halvingDecision(runs: readonly RunRecord[], keep: number): HalvingDecision | undefined {
  const active = runs.filter((r) => r.rung !== undefined && (r.status === 'queued' || r.status === 'running'));
  if (active.length === 0) return undefined;
  const rung = Math.min(...active.map((r) => r.rung as number));
  const inRung = active.filter((r) => r.rung === rung);
  if (inRung.some((r) => !r.waiting)) return undefined;
  const promote = survivors(inRung, keep);
  const kept = new Set(promote);
  return { rung, promote, prune: inRung.filter((r) => !kept.has(r.id)).map((r) => r.id) };
}
