// What the ingest worker exposes: look at a source (layout, counts, sizes) and keep it, change the split and
// look again, then import it with the chosen options. The files stay in the worker between the steps.
import { DEFAULT_LAYOUT_OPTIONS, type LayoutOptions } from '../core/layout';
import { handOverOrder, readsByPath } from '../core/hand-over';
import type { Manifest } from '../core/types';
import type { DatasetStore } from '../storage/datasets';
import type { IngestInput } from './collect';
import { ingestManifest, type IngestOptions, type IngestProgress, type IngestResult } from './ingest';
import type { Decoder } from './decode-pool';
import { FileReaders, listInReader, type ReaderWorker } from './file-reader';
import { foundByPath, getFiles, walkHandles, type FileSink, type FoundFile, type HandleLike } from './handles';
import type { ImageSize } from '../core/image-size';
import { lookAtImages, previewOf, readManifest, SIZE_SAMPLE, withoutBadImages, type ImageLook, type ImportPreview } from './scan';
import { arrivingFolder, joinFiles, sourceFromPacked, sourceFromZip, type ArrivingFolder, type FileSource } from './sources';
import type { StorageEstimate } from './commit';

export const DEFAULT_MAX_SIDE = 64;
/** Bytes of picked files read ahead during the hand-over; beyond this they are read when imported. */
const PREFETCH_LIMIT = 256 * 1024 * 1024;

/** How far the import has the files of a folder: found while walking it, then received (ready to read). */
export interface FilesProgress {
  found: number;
  received: number;
}

interface Scanned {
  source: FileSource;
  /** Without the images found bad by their bytes (they are among its skipped files). */
  manifest: Manifest;
  look: ImageLook;
  /** A backbone's input size, when a backbone model will train on this data. */
  backboneInput?: ImageSize;
}

export class IngestService {
  private scanned: Scanned | undefined;
  private arriving: ArrivingFolder | undefined;
  private arrivingBytes = 0;
  private cancelRequested = false;

  /** The reader workers of the folder being received by path (file-reader), ended with it. */
  private readers: FileReaders | undefined;

  constructor(
    private readonly store: () => Promise<DatasetStore>,
    private readonly estimate: StorageEstimate,
    private readonly fetchBytes: (url: string) => Promise<ArrayBuffer>,
    /** Starts a reader worker; absent where workers cannot start workers (tests), and files are got here. */
    private readonly startReader?: () => ReaderWorker,
    /** Whether a dropped folder of this many listed files is read by path (core/hand-over); tests lower the limit. */
    private readonly byPath: (files: number) => boolean = readsByPath,
    /** Decode workers for each import (decode-pool); absent where workers cannot start workers, and images decode here. */
    private readonly startDecoders?: () => Decoder,
  ) {}

  /** Starts receiving a picked folder: its paths now, its files in parts through `stage`. */
  declare(name: string, paths: string[]): void {
    this.arriving = arrivingFolder(name, paths);
    this.arrivingBytes = 0;
  }

  /**
   * Receives picked files a part at a time. Handing a File to a worker makes the page ask the disk for its
   * size, about 0.2 ms a file: parts keep the page responsive while 10,000 files cross.
   */
  stage(paths: string[], files: Blob[]): void {
    const part = joinFiles(paths, files, this.arrivingBytes < PREFETCH_LIMIT);
    // Small folders are read into memory while they arrive, so the import finds them there.
    this.arrivingBytes += part.joined.size;
    this.arriving?.add(part);
  }

  /** Every part has been sent (or the page stopped sending). */
  finishStaging(): void {
    this.arriving?.finish();
  }

  /** Reads the file list and CSVs of a source and keeps it for `ingest`. */
  async scan(
    input: IngestInput, layout: LayoutOptions = DEFAULT_LAYOUT_OPTIONS, maxSide = DEFAULT_MAX_SIDE, onFiles?: (p: FilesProgress) => void, backboneInput?: ImageSize,
  ): Promise<ImportPreview> {
    this.scanned = undefined;
    const source = await this.toSource(input, onFiles);
    const found = await readManifest(source, layout);
    const look = await lookAtImages(source, found);
    const manifest = withoutBadImages(found, look.bad);
    this.scanned = { source, manifest, look, ...(backboneInput ? { backboneInput } : {}) };
    return previewOf(source, manifest, look, maxSide, backboneInput);
  }

  /** The same source with another split ratio or seed (class folders without train/ and test/). */
  async rescan(layout: LayoutOptions, maxSide = DEFAULT_MAX_SIDE): Promise<ImportPreview> {
    const scanned = this.current();
    scanned.manifest = withoutBadImages(await readManifest(scanned.source, layout), scanned.look.bad);
    return previewOf(scanned.source, scanned.manifest, scanned.look, maxSide, scanned.backboneInput);
  }

  async ingest(options: IngestOptions, onProgress: (p: IngestProgress) => void): Promise<IngestResult> {
    const { source, manifest, look } = this.current();
    this.cancelRequested = false;
    // The quota check before decoding counts 3 channels unless every sampled header said gray.
    const channelsHint = look.sizes.length > 0 && look.sizes.every((s) => (s.grey ?? 0) === s.count) ? 1 : 3;
    const decoder = this.startDecoders?.();
    try {
      return await ingestManifest(source, manifest, options, {
        store: await this.store(), onProgress, isCancelled: () => this.cancelRequested, estimate: this.estimate, channelsHint,
        // The source is dropped when this import ends, whatever happens (below).
        lastUse: true,
        ...(decoder ? { decoder } : {}),
      });
    } finally {
      decoder?.close();
      // Let go of the files (and any bytes read ahead); parts still arriving are dropped.
      this.scanned = undefined;
      this.arriving = undefined;
      this.closeReaders();
    }
  }

  cancel(): void {
    this.cancelRequested = true;
  }

  /** Forgets the scanned source (the user closed the preview). */
  discard(): void {
    this.scanned = undefined;
    this.arriving = undefined;
    this.closeReaders();
  }

  private closeReaders(): void {
    this.readers?.close();
    this.readers = undefined;
  }

  /**
   * A dropped or picked folder given as handles: walked here, then its files got and read in parts, the CSVs
   * and a sample of images first (the preview needs them), the rest while the user looks at the preview.
   */
  private async receiveHandles(name: string, handles: readonly HandleLike[], onFiles?: (p: FilesProgress) => void, listed?: readonly string[]): Promise<FileSource> {
    this.closeReaders();
    // A picked folder is listed in a reader worker, whose end frees the handles its walk made; then it is read by
    // path like a dropped one, or walked again here when it is small.
    if (!listed && this.startReader && handles.some((h) => h.kind === 'directory')) {
      listed = await listInReader(this.startReader, [...handles], (n) => onFiles?.({ found: n, received: 0 })).catch(() => undefined);
    }
    const byPath = listed && this.byPath(listed.length) ? foundByPath(handles, listed) : undefined;
    const found = byPath ?? (await walkHandles(handles, (n) => onFiles?.({ found: n, received: 0 })));
    onFiles?.({ found: found.length, received: 0 });
    const paths = found.map((f) => f.path);
    this.declare(name, paths);
    const arriving = this.arriving as ArrivingFolder;
    let received = 0;
    const sink: ReaderSink = {
      add: (partPaths: string[], files: File[]) => {
        this.stage(partPaths, files);
        sink.arrived(partPaths.length);
      },
      arrived: (count: number) => {
        received += count;
        onFiles?.({ found: found.length, received });
      },
      fail: (path: string, reason: string) => {
        arriving.fail(path, reason);
        onFiles?.({ found: found.length, received: ++received });
      },
      wanted: () => this.arriving === arriving,
    };
    // Files listed by path are got and read by reader workers, which hand back bytes; where none can start, here.
    const readers = byPath && this.startReader ? (this.readers = new FileReaders(this.startReader, [...handles])) : undefined;
    const get = (indices: number[]) => (readers ? readInReaders(readers, found, indices, arriving, sink) : getFiles(found, indices, sink));
    const { order, early } = handOverOrder(paths, SIZE_SAMPLE);
    const first = order.slice(0, early);
    await get(first);
    // The preview's files are read before the rest start: the disk serves reads in no useful order.
    await arriving.source.readMany(first.map((i) => paths[i] as string));
    // The rest are got when the import reads them, a few batches ahead of decoding: getting every File of a
    // 100,000-file folder at once held about 700 MB in the page until the import ended.
    const indexOf = new Map(paths.map((path, i) => [path, i]));
    arriving.onDemand((wanted) => get(wanted.map((path) => indexOf.get(path) as number)));
    arriving.finish();
    onFiles?.({ found: found.length, received: found.length });
    return arriving.source;
  }

  private current(): Scanned {
    if (!this.scanned) throw new Error('Nothing to import: choose a folder or a .zip first.');
    return this.scanned;
  }

  private async toSource(input: IngestInput, onFiles?: (p: FilesProgress) => void): Promise<FileSource> {
    switch (input.kind) {
      case 'handles':
        return this.receiveHandles(input.name, input.handles, onFiles, input.paths);
      case 'url':
        return sourceFromZip(input.name, await this.fetchBytes(input.url));
      case 'zip':
        return sourceFromZip(input.name, input.file);
      case 'packed':
        return sourceFromPacked({ ...input.packed, name: input.name });
      case 'staged': {
        if (!this.arriving) throw new Error(`${input.name}: its files were not handed to the import worker`);
        // `arriving` stays: the rest of the folder keeps coming in through `stage` after the preview.
        return this.arriving.source;
      }
    }
  }
}

/** Where files go as they arrive: a part of Files (`add`), or a count of files whose bytes arrived (`arrived`). */
type ReaderSink = FileSink & { arrived(count: number): void };

/** Files of one reader worker's part. */
const READ_PART = 256;

/**
 * Gets and reads `indices` of `found` through reader workers, a part at a time; a part whose reader fails is got
 * here instead, so a reader that cannot start costs speed, never files.
 */
async function readInReaders(readers: FileReaders, found: readonly FoundFile[], indices: readonly number[], arriving: ArrivingFolder, sink: ReaderSink): Promise<void> {
  const parts: number[][] = [];
  for (let i = 0; i < indices.length; i += READ_PART) parts.push(indices.slice(i, i + READ_PART));
  await Promise.all(parts.map(async (part) => {
    let read;
    try {
      read = await readers.read(part.map((i) => (found[i] as FoundFile).listed as string));
    } catch {
      return getFiles(found, part, sink);
    }
    if (!sink.wanted()) return;
    arriving.addRead(read);
    for (const [path, reason] of read.failures) sink.fail(path, reason);
    sink.arrived(read.paths.length);
  }));
}
