// Export and import as app state: what is being zipped, the last message, and the run zips read back in.
// The archive does the work; this class only tracks it for the UI and refreshes the studio after an import.
import type { RunArchive, ZipFile } from '../export/run-archive';
import type { ImportedRun } from '../export/import-zip';

export interface TransferHooks {
  /** Hands a finished zip to the person (a download). */
  save(file: ZipFile): void;
  /** Reloads runs and analyses after an import; gets the imported run ids. */
  imported(runIds: string[]): Promise<void>;
}

export class Transfers {
  /** What is being exported or imported now, in words. */
  busy = $state<string | undefined>(undefined);
  exportError = $state<string | undefined>(undefined);
  importError = $state<string | undefined>(undefined);
  importNotice = $state<string | undefined>(undefined);

  constructor(private readonly archive: RunArchive, private readonly hooks: TransferHooks) {}

  /** Clears the last import's error and notice: they describe a state that has changed. */
  clearMessages(): void {
    this.importError = this.importNotice = undefined;
  }

  exportRun(runId: string): Promise<void> {
    return this.export('Exporting the run…', () => this.archive.runZip(runId));
  }

  exportStudy(datasetId?: string): Promise<void> {
    return this.export('Exporting the study…', () => this.archive.studyZip(datasetId));
  }

  exportDataset(datasetId: string): Promise<void> {
    return this.export('Exporting the dataset…', () => this.archive.datasetZip(datasetId));
  }

  importZip(file: File): Promise<void> {
    return this.import(file.name, () => this.archive.importRuns(file.name, file));
  }

  /** A picked or dropped folder, each file with its path inside it; `files` may be read lazily (a drop). */
  importFolder(name: string, files: () => Promise<readonly { path: string; file: Blob }[]>): Promise<void> {
    return this.import(name, async () => this.archive.importFolder(name, await files()));
  }

  private async import(name: string, read: () => Promise<ImportedRun[]>): Promise<void> {
    if (this.busy) return;
    this.busy = `Importing ${name}…`;
    this.importError = this.importNotice = undefined;
    try {
      const runs = await read();
      await this.hooks.imported(runs.map((r) => r.run.id));
      const first = runs[0]?.run;
      this.importNotice = `${name}: ${runs.length > 1 ? `${runs.length} runs` : first?.history.length ? `run ${first.model.name} · ${first.hparams.name}` : `model ${first?.model.name ?? ''}`} imported.`;
    } catch (error) {
      this.importError = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = undefined;
    }
  }

  private async export(what: string, make: () => Promise<ZipFile>): Promise<void> {
    if (this.busy) return;
    this.busy = what;
    this.exportError = undefined;
    try {
      this.hooks.save(await make());
    } catch (error) {
      this.exportError = `The export failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.busy = undefined;
    }
  }
}
