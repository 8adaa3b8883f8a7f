// The analysis half of the training worker's API: analyse a finished run, and predict one image with
// a run's model. Kept apart from train.worker.ts so that file only spreads it into its API.
import { analyseRun, loadRunModel, predictImage } from '../src/ml/analyse';
import { fitImageToShape } from '../src/ingest/fit-image';
import type { AnalysisRecord } from '../src/core/analysis';
import type { TrainyardDB } from '../src/storage/db';
import { AnalysisStore } from '../src/storage/analyses';
import { ArtifactStore } from '../src/storage/artifacts';
import { DatasetStore } from '../src/storage/datasets';
import { RunStore } from '../src/storage/runs';

export interface ImagePrediction {
  /** The image as the model saw it, `h × w × c` bytes. */
  pixels: Uint8Array;
  probabilities: number[];
}

/** `withBackend` runs a section once a backend is ready, and never while the training worker switches backends. */
export function analysisApi(database: Promise<TrainyardDB>, withBackend: <T>(work: () => Promise<T>) => Promise<T>) {
  const stores = database.then((db) => ({
    runs: new RunStore(db), datasets: new DatasetStore(db), artifacts: new ArtifactStore(db), analyses: new AnalysisStore(db),
  }));
  return {
    /** Evaluates a finished run on its dataset's test split and stores the analysis. */
    async analyse(runId: string): Promise<AnalysisRecord> {
      const s = await stores;
      return withBackend(() => analyseRun({
        getRun: (id) => s.runs.get(id),
        getDataset: (id) => s.datasets.get(id),
        readShard: (dataset, split, index) => s.datasets.readShard(dataset, split, index),
        getArtifacts: (id) => s.artifacts.get(id),
        putAnalysis: (a) => s.analyses.put(a),
      }, runId));
    },
    /** Decodes `bytes` with the run's dataset preprocessing and returns the model's probabilities. */
    async predict(runId: string, bytes: Uint8Array, name: string): Promise<ImagePrediction> {
      const s = await stores;
      const run = await s.runs.get(runId);
      // An imported bare model has no dataset: its analysis keeps the input shape read from its topology.
      const shape = run && ((await s.datasets.get(run.datasetId))?.shape ?? (await s.analyses.get(runId))?.shape);
      if (!run || !shape) throw new Error(`run ${runId} or its dataset no longer exists`);
      const pixels = await fitImageToShape(bytes, name, shape);
      return withBackend(async () => {
        const model = await loadRunModel({ getArtifacts: (id) => s.artifacts.get(id) }, runId);
        try {
          return { pixels, probabilities: await predictImage(model, pixels, shape) };
        } finally {
          model.dispose();
        }
      });
    },
  };
}
