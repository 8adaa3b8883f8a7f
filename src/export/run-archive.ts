// The export side of the studio, over the database: a run, a study or a dataset as a zip, and run zips
// read back in. The state layer calls it; it holds no UI state.
import JSZip from 'jszip';
import { SPLITS, type DatasetRecord, type ManifestItem } from '../core/types';
import type { AnalysisStore } from '../storage/analyses';
import type { ArtifactStore } from '../storage/artifacts';
import type { DatasetStore } from '../storage/datasets';
import type { RunWithModel } from '../storage/run-import';
import type { RunStore } from '../storage/runs';
import { datasetZip } from './dataset-zip';
import { folderEntries, readRunArchive, readRunZip, type ImportedRun } from './import-zip';
import { addRunFiles, type PlotRenderer, type RunBundle } from './run-zip';
import { folderName, studyZip } from './study-zip';
import { libraryVersions } from './versions';

export interface ZipFile {
  name: string;
  blob: Blob;
}

/** The stores the archive reads, and the one transaction an import writes in. */
export interface ArchiveStores {
  runs: RunStore;
  artifacts: ArtifactStore;
  analyses: AnalysisStore;
  datasets: DatasetStore;
  putImportedRuns(runs: readonly RunWithModel[]): Promise<void>;
}

export class RunArchive {
  constructor(private readonly stores: ArchiveStores, private readonly renderPlots: PlotRenderer, private readonly versions = libraryVersions()) {}

  /** `manifests` is shared by the runs of one export, so a study reads each dataset's shards once. */
  private async bundle(runId: string, manifests = new Map<string, Promise<ManifestItem[]>>()): Promise<RunBundle> {
    const run = await this.stores.runs.get(runId);
    if (!run) throw new Error(`run ${runId} no longer exists`);
    const artifacts = await this.stores.artifacts.get(runId);
    if (!artifacts) throw new Error(`${run.model.name} · ${run.hparams.name} has no stored model: it was never trained to the end of an epoch`);
    const analysis = await this.stores.analyses.get(runId);
    const dataset = await this.stores.datasets.get(run.datasetId);
    const manifest = dataset && (await this.manifestOf(dataset, manifests));
    return { run, artifacts, ...(analysis ? { analysis } : {}), ...(dataset ? { dataset } : {}), ...(manifest ? { manifest } : {}) };
  }

  /** The dataset's images as (path, split, label), from its shards. */
  private manifestOf(dataset: DatasetRecord, manifests: Map<string, Promise<ManifestItem[]>>): Promise<ManifestItem[]> {
    let found = manifests.get(dataset.id);
    if (!found) {
      found = Promise.all(SPLITS.map(async (split) => (await this.stores.datasets.shards(dataset.id, split)).flatMap((s) =>
        s.paths.map((path, i) => ({ path, split, label: dataset.classes[s.labels[i] as number] ?? String(s.labels[i]) }))))).then((l) => l.flat());
      manifests.set(dataset.id, found);
    }
    return found;
  }

  async runZip(runId: string): Promise<ZipFile> {
    const bundle = await this.bundle(runId);
    const zip = new JSZip();
    await addRunFiles(zip, bundle, this.renderPlots, this.versions);
    const blob = await zip.generateAsync({ type: 'blob', compression: 'DEFLATE', compressionOptions: { level: 6 } });
    return { name: `${folderName(`${bundle.run.model.name}-${bundle.run.hparams.name}`)}.zip`, blob };
  }

  /** Every finished run of `datasetId` (or of all datasets), one folder each, with leaderboard.csv. */
  async studyZip(datasetId?: string): Promise<ZipFile> {
    const runs = (await this.stores.runs.list()).filter((r) => r.status === 'done' && (!datasetId || r.datasetId === datasetId));
    if (runs.length === 0) throw new Error('there are no finished runs to export yet');
    const bundles: RunBundle[] = [];
    const manifests = new Map<string, Promise<ManifestItem[]>>();
    for (const r of runs.sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0))) bundles.push(await this.bundle(r.id, manifests));
    const dataset = datasetId ? await this.stores.datasets.get(datasetId) : undefined;
    return { name: `study-${folderName(dataset?.name ?? 'all-datasets')}.zip`, blob: await studyZip(bundles, this.renderPlots, this.versions) };
  }

  async datasetZip(datasetId: string): Promise<ZipFile> {
    const dataset = await this.stores.datasets.get(datasetId);
    if (!dataset) throw new Error(`dataset ${datasetId} no longer exists`);
    return { name: `${folderName(dataset.name)}.zip`, blob: await datasetZip(dataset, (split) => this.stores.datasets.shards(datasetId, split)) };
  }

  /** Checks the whole zip, then writes every run in it in one transaction; throws a readable error otherwise. */
  async importRuns(name: string, data: Blob): Promise<ImportedRun[]> {
    const runs = await readRunZip(name, data);
    await this.stores.putImportedRuns(runs);
    return runs;
  }

  /** A picked folder holding a tfjs model.json and its weights (or an unzipped run): checked, then stored. */
  async importFolder(name: string, files: readonly { path: string; file: Blob }[]): Promise<ImportedRun[]> {
    const runs = await readRunArchive(name, folderEntries(files));
    await this.stores.putImportedRuns(runs);
    return runs;
  }
}
