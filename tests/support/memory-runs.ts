// The run half of a training store, in memory: reads and changes give copies, as IndexedDB would.
import type { RunRecord } from '../../src/core/run';

export function memoryRuns(runs: Map<string, RunRecord>) {
  return {
    getRun: async (id: string) => structuredClone(runs.get(id)),
    updateRun: async (id: string, change: (run: RunRecord) => void) => {
      const r = runs.get(id);
      if (r) change(r);
      return structuredClone(r);
    },
  };
}
