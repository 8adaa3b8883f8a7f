// The import flow's state: sources waiting their turn, the preview of the current one with the settings the
// user may change (split ratio and seed, target size, aspect policy, name), the progress, and the outcome.
import { proxy, type Remote } from 'comlink';
import { formatCount } from '../core/format';
import { handOverOrder } from '../core/hand-over';
import type { IngestInput } from '../ingest/collect';
import type { FilesProgress } from '../ingest/ingest-service';
import type { IngestProgress, IngestResult } from '../ingest/ingest';
import type { ResizePolicy } from '../ingest/decode';
import type { ImportPreview } from '../ingest/scan';
import type { ImageSize } from '../core/image-size';

/** Images sent first so the preview can read their sizes (the worker samples as many). */
const SIZE_SAMPLE = 500;
import type { IngestWorkerApi } from '../../workers/ingest.worker';

const HAND_OVER_PART = 250;

export interface ImportSettings {
  name: string;
  testRatio: number;
  seed: number;
  width: number;
  height: number;
  policy: ResizePolicy;
}

export interface ImporterDeps {
  worker: Remote<IngestWorkerApi>;
  /** Called after a dataset was stored (or found already stored), with its id. */
  onImported: (datasetId: string) => Promise<void>;
  /** Asks the browser to keep our data under storage pressure; runs on the page, where the API lives. */
  persist: () => Promise<unknown>;
  /** The input size of the backbone an enabled model trains on, if any: photos are then stored at that size. */
  backboneInput?: () => Promise<ImageSize | undefined>;
}

export class Importer {
  /** Set by Cancel while an import is under way (also before the worker has started it). */
  private cancelRequested = false;
  waiting = $state.raw<IngestInput[]>([]);
  /** Name of the source being scanned, while it is. */
  scanning = $state<string | undefined>(undefined);
  preview = $state.raw<ImportPreview | undefined>(undefined);
  settings = $state<ImportSettings>({ name: '', testRatio: 0.2, seed: 42, width: 28, height: 28, policy: 'letterbox' });
  progress = $state.raw<{ name: string; progress?: IngestProgress } | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  notice = $state<string | undefined>(undefined);
  lastResult = $state.raw<IngestResult | undefined>(undefined);
  /** Files handed to the worker so far, while a picked folder is being scanned. */
  handedOver = $state(0);
  /** Files found so far while the worker walks a folder given as handles. */
  found = $state(0);
  /** Files still crossing to the worker after the preview showed; the import waits for them. */
  private handing: Promise<void> = Promise.resolve();
  private stopHandOver = false;

  busy = $derived(!!this.scanning || !!this.preview || !!this.progress);

  constructor(private readonly deps: ImporterDeps) {}

  /** Queues sources and shows the preview of the first. */
  async open(inputs: readonly IngestInput[]): Promise<void> {
    if (inputs.length === 0) return;
    if (!this.busy) this.clearMessages();
    this.waiting = [...this.waiting, ...inputs];
    if (!this.busy) await this.next();
  }

  /** Scans and imports at once with the suggested settings (the sample). */
  async importNow(input: IngestInput): Promise<void> {
    if (this.busy) return;
    this.clearMessages();
    if (await this.scan(input)) await this.confirm();
  }

  /** Scans again after the split ratio or seed changed. */
  async changeSplit(testRatio: number, seed: number): Promise<void> {
    if (!this.preview?.split) return;
    if (!(testRatio > 0 && testRatio < 1) || !Number.isInteger(seed)) {
      this.error = 'Split: the test share must be between 0 % and 100 %, and the seed a whole number.';
      return;
    }
    this.error = undefined;
    this.settings.testRatio = testRatio;
    this.settings.seed = seed;
    this.preview = await this.deps.worker.rescan({ testRatio, seed });
  }

  async confirm(): Promise<void> {
    const preview = this.preview;
    if (!preview) return;
    const { name, width, height, policy } = this.settings;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1 && width <= 512 && height <= 512)) {
      this.error = `Target size: width and height must be whole numbers from 1 to 512 (got ${width}×${height}).`;
      return;
    }
    const label = name.trim() || preview.name;
    this.preview = undefined;
    this.error = undefined;
    this.progress = { name: label };
    this.cancelRequested = false;
    await this.deps.persist().catch(() => false);
    try {
      // Cancel is shown from here on: a press before the worker has started must not be lost.
      if (this.cancelRequested) throw new DOMException('Import cancelled', 'AbortError');
      const result = await this.deps.worker.ingest({ name: label, size: { width, height }, policy }, proxy((progress: IngestProgress) => {
        this.progress = { name: label, progress };
      }));
      this.lastResult = result;
      this.notice = result.existed
        ? `${label}: this exact data is already stored as "${result.dataset.name}"; nothing new was added.`
        : `${label}: ${formatCount(result.dataset.report.images)} images imported` +
          (result.dataset.report.skipped.length ? `, ${formatCount(result.dataset.report.skipped.length)} files skipped (see its report).` : '.');
      await this.deps.onImported(result.datasetId);
    } catch (error) {
      this.error = isAbort(error) ? `${label}: import cancelled; nothing was saved.` : messageOf(error);
    } finally {
      this.progress = undefined;
    }
    await this.next();
  }

  /** Closes the preview without importing, and moves to the next waiting source. */
  async dismiss(): Promise<void> {
    this.preview = undefined;
    this.stopHandOver = true;
    await this.handing.catch(() => {});
    void this.deps.worker.discard();
    await this.next();
  }

  cancel(): void {
    this.cancelRequested = true;
    void this.deps.worker.cancel();
  }

  private async next(): Promise<void> {
    const [input, ...rest] = this.waiting;
    this.waiting = rest;
    if (input) await this.scan(input);
  }

  /** Clears the last error and notice: they describe a state that has changed. */
  clearMessages(): void {
    this.error = undefined;
    this.notice = undefined;
  }

  /**
   * Sends picked files to the worker in parts, so the page keeps drawing while their sizes are looked up: the
   * CSVs and a sample of images first, so the preview can show while the rest follow. Parts are not awaited
   * one by one: the worker joins one while the page hands over the next.
   */
  private async handOver(input: IngestInput): Promise<IngestInput> {
    if (input.kind !== 'packed') return input;
    const { paths, files } = input.packed;
    const { order, early } = handOverOrder(paths, SIZE_SAMPLE);
    const part = (from: number, to: number) => {
      const indices = order.slice(from, to);
      return this.deps.worker.stage(indices.map((i) => paths[i] as string), indices.map((i) => files[i] as Blob));
    };
    await this.deps.worker.declare(input.name, paths);
    await this.sendParts(0, early, part);
    this.handing = this.sendParts(early, order.length, part)
      .catch((error: unknown) => void (this.error = `${input.name}: files could not be handed to the import (${messageOf(error)})`))
      .finally(() => this.deps.worker.finishStaging());
    return { kind: 'staged', name: input.name };
  }

  private async sendParts(from: number, to: number, part: (from: number, to: number) => Promise<void>): Promise<void> {
    const sent: Promise<void>[] = [];
    for (let start = from; start < to && !this.stopHandOver; start += HAND_OVER_PART) {
      sent.push(part(start, Math.min(to, start + HAND_OVER_PART)));
      this.handedOver = Math.min(to, start + HAND_OVER_PART);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await Promise.all(sent);
  }

  private async scan(input: IngestInput): Promise<boolean> {
    this.scanning = input.name;
    this.handedOver = 0;
    this.found = 0;
    this.stopHandOver = false;
    const onFiles = proxy(({ found, received }: FilesProgress) => {
      this.found = found;
      this.handedOver = received;
    });
    try {
      const layout = { testRatio: this.settings.testRatio, seed: this.settings.seed };
      const backboneInput = await this.deps.backboneInput?.().catch(() => undefined);
      const preview = await this.deps.worker.scan(await this.handOver(input), layout, undefined, onFiles, backboneInput);
      this.settings.name = preview.name;
      this.settings.width = preview.suggestedSize.width;
      this.settings.height = preview.suggestedSize.height;
      this.preview = preview;
      return true;
    } catch (error) {
      this.error = messageOf(error);
      return false;
    } finally {
      this.scanning = undefined;
    }
  }
}

function isAbort(error: unknown): boolean {
  return (error instanceof Error || error instanceof DOMException) && (error.name === 'AbortError' || /cancelled/i.test(error.message));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
