// Where files come from, as the ingest worker sees them: picked or dropped files with their paths (read in
// batches joined into one Blob: one read per batch instead of one per small file), a zip (core/zip-reader), or a plain
// list of blobs (tests).
import { pushTo } from '../core/group';
import { DATASET_ENTRY_LIMIT, MiB } from '../core/input-budget';
import { comparePaths, isSystemFile, normalizePath } from '../core/layout';
import type { FileEntry, SkippedFile } from '../core/types';
import { openZip, type ZipEntry, type ZipReader } from '../core/zip-reader';
import { unsafeZipPath } from '../core/zip-paths';

/** A file read, or the reason it could not be read. */
export type ReadResult = Uint8Array | { error: string };

export interface FileSource {
  name: string;
  entries: FileEntry[];
  read(path: string): Promise<Uint8Array>;
  /** Reads several files; one unreadable file does not fail the others. */
  readMany(paths: readonly string[]): Promise<ReadResult[]>;
  /** False while a file has not arrived yet (a folder still being handed over); absent when all are here. */
  isReady?(path: string): boolean;
  /** Files left out before anything was read (a zip entry whose name is unsafe), with the reason. */
  refused?: SkippedFile[];
  /**
   * The import is done with these files: the source may let go of them (and of bytes read ahead for them), so a
   * large folder's files do not all stay in memory until the import ends. A released file reads as missing.
   */
  release?(paths: readonly string[]): void;
}

/** A file picked or dropped, with its path inside what the user gave us. */
export interface PathedFile {
  path: string;
  file: Blob;
}

/** Files for the trip to the worker, sorted by path (the order the import reads them in). */
export interface PackedFiles {
  name: string;
  paths: string[];
  files: Blob[];
}

/** A part of a folder joined into one Blob, so a batch of its files is read in one go. */
export interface JoinedFiles {
  paths: string[];
  files: Blob[];
  joined: Blob;
  /** The whole part, read ahead while the rest of the folder is still arriving; undefined if that failed. */
  prefetched?: Promise<Uint8Array | undefined>;
}

/** Prepares files on the main thread; system files are dropped here so they never cost a read. */
export function packFiles(name: string, files: readonly PathedFile[]): PackedFiles {
  const kept = files.map((f) => ({ path: normalizePath(f.path), file: f.file })).filter((f) => !isSystemFile(f.path));
  kept.sort(comparePaths);
  return { name, paths: kept.map((f) => f.path), files: kept.map((f) => f.file) };
}

/** Joining costs about 0.1 ms a file in Chromium: done as parts arrive, while the page hands over the next. */
export function joinFiles(paths: string[], files: Blob[], prefetch = false): JoinedFiles {
  const joined = new Blob(files);
  const part: JoinedFiles = { paths, files, joined };
  if (prefetch) part.prefetched = joined.arrayBuffer().then((b) => new Uint8Array(b), () => undefined);
  return part;
}

export function sourceFromPacked(packed: PackedFiles, part = 256): FileSource {
  const parts: JoinedFiles[] = [];
  for (let i = 0; i < packed.paths.length; i += part) parts.push(joinFiles(packed.paths.slice(i, i + part), packed.files.slice(i, i + part)));
  return sourceFromJoined(packed.name, parts);
}

/** Files already read, as one buffer: a part read by another worker (ingest/file-reader). */
export interface ReadFiles {
  paths: string[];
  sizes: number[];
  bytes: Uint8Array;
}

/** Where a file is: its part, its offset in the part's bytes, its size, and its Blob when it has one. */
interface Place { part: JoinedFiles; start: number; size: number; file?: Blob }

/** A folder whose paths are known at once and whose files arrive in parts; reads wait for their part. */
export interface ArrivingFolder {
  source: FileSource;
  add(part: JoinedFiles): void;
  /** A part whose bytes were read elsewhere: its reads are served from them. */
  addRead(part: ReadFiles): void;
  /** A file that could not be had (vanished, no permission): its reads answer with `reason`. */
  fail(path: string, reason: string): void;
  /** No more parts: reads of files that never came answer with an error. */
  finish(): void;
  /**
   * From now on files that have not arrived are got when a read wants them, through `get` (which adds their part
   * or fails them), so only the files being read are held, however large the folder.
   */
  onDemand(get: (paths: string[]) => Promise<void>): void;
}

const EMPTY = new Blob([]);

export function sourceFromJoined(name: string, parts: readonly JoinedFiles[]): FileSource {
  const folder = arrivingFolder(name, parts.flatMap((p) => p.paths));
  parts.forEach((part) => folder.add(part));
  folder.finish();
  return folder.source;
}

export function arrivingFolder(name: string, paths: readonly string[]): ArrivingFolder {
  const places = new Map<string, Place>();
  const failures = new Map<string, string>();
  const waiting = new Map<string, (() => void)[]>();
  let finished = false;
  let demand: ((paths: string[]) => Promise<void>) | undefined;
  const ready = (path: string) =>
    finished || places.has(path) || failures.has(path) ? Promise.resolve() : new Promise<void>((resolve) => pushTo(waiting, path, resolve));
  const wake = (path: string) => {
    for (const resolve of waiting.get(path) ?? []) resolve();
    waiting.delete(path);
  };
  const missing = (path: string) => ({ error: failures.get(path) ?? `${path} never reached the import (the page stopped handing files over)` });
  const readOne = async (path: string) => {
    await ready(path);
    const place = places.get(path);
    if (!place) throw new Error(missing(path).error);
    if (place.file) return new Uint8Array(await place.file.arrayBuffer());
    const all = (await place.part.prefetched) as Uint8Array;
    return all.subarray(place.start, place.start + place.size);
  };
  const readOneSafely = (path: string): Promise<ReadResult> => readOne(path).catch((e: unknown) => ({ error: `could not be read (${readError(e)})` }));

  const source: FileSource = {
    name,
    entries: [...new Set(paths)].map((path) => ({ path, size: 0 })),
    // Through readMany, so a file whose part was read ahead comes from memory, not from another disk read
    // queued behind the parts still being read.
    async read(path) {
      const [result] = await source.readMany([path]);
      if (result instanceof Uint8Array) return result;
      throw new Error(result?.error ?? `${path}: could not be read`);
    },
    isReady: (path) => places.has(path) || failures.has(path),
    // A part (its files and any bytes read ahead) goes once none of its files is wanted any more.
    release: (paths) => paths.forEach((path) => places.delete(path)),
    async readMany(wantedPaths) {
      const absent = demand ? wantedPaths.filter((path) => !places.has(path) && !failures.has(path)) : [];
      if (demand && absent.length) await demand(absent);
      await Promise.all(wantedPaths.map(ready));
      const results: ReadResult[] = new Array(wantedPaths.length);
      const byPart = new Map<JoinedFiles, number[]>();
      wantedPaths.forEach((path, i) => {
        const place = places.get(path);
        if (place) pushTo(byPart, place.part, i);
        else results[i] = missing(path);
      });
      await Promise.all([...byPart].map(async ([part, indices]) => {
        const spans = indices.map((i) => places.get(wantedPaths[i] as string) as Place);
        const first = Math.min(...spans.map((s) => s.start));
        const last = Math.max(...spans.map((s) => s.start + s.size));
        const needed = spans.reduce((n, s) => n + s.size, 0);
        const ahead = await part.prefetched;
        if (ahead || last - first <= 2 * needed + 65536) {
          try {
            // One read of the joined files costs far less than one read per small file.
            const all = ahead ?? new Uint8Array(await part.joined.slice(first, last).arrayBuffer());
            const offset = ahead ? 0 : first;
            indices.forEach((i, k) => {
              const s = spans[k] as Place;
              results[i] = all.subarray(s.start - offset, s.start - offset + s.size);
            });
            return;
          } catch {
            // a file changed or vanished since it was picked: read them one by one to name it
          }
        }
        await Promise.all(indices.map(async (i) => (results[i] = await readOneSafely(wantedPaths[i] as string))));
      }));
      return results;
    },
  };
  return {
    source,
    add(part) {
      let at = 0;
      part.paths.forEach((path, i) => {
        const file = part.files[i] as Blob;
        if (!places.has(path)) places.set(path, { part, start: at, size: file.size, file });
        at += file.size;
        wake(path);
      });
    },
    addRead({ paths, sizes, bytes }) {
      const part: JoinedFiles = { paths, files: [], joined: EMPTY, prefetched: Promise.resolve(bytes) };
      let at = 0;
      paths.forEach((path, i) => {
        const size = sizes[i] as number;
        if (!places.has(path)) places.set(path, { part, start: at, size });
        at += size;
        wake(path);
      });
    },
    fail(path, reason) {
      failures.set(path, reason);
      wake(path);
    },
    finish() {
      finished = true;
      for (const path of [...waiting.keys()]) wake(path);
    },
    onDemand(get) {
      demand = get;
    },
  };
}

export function sourceFromFiles(name: string, files: readonly PathedFile[]): FileSource {
  return sourceFromPacked(packFiles(name, files));
}

/** Zips up to this size are read into memory once (one read for thousands of small files); larger ones by ranges. */
const ZIP_IN_MEMORY = 256 * MiB;

/**
 * A dataset zip: entries whose names would climb out of it (`../`, `/abs/…`, `C:\…`) are refused and listed
 * in `refused`; each file is unzipped within the budget of one dataset file, and its CRC-32 checked.
 */
export async function sourceFromZip(name: string, data: Blob | ArrayBuffer | Uint8Array): Promise<FileSource> {
  let zip: ZipReader;
  try {
    const bytes = data instanceof Blob ? (data.size <= ZIP_IN_MEMORY ? new Uint8Array(await data.arrayBuffer()) : data) : new Uint8Array(data);
    zip = await openZip(bytes);
  } catch (error) {
    throw new Error(`${name}: not a readable .zip file (${readError(error)})`);
  }
  const files = new Map<string, ZipEntry>();
  const refused: SkippedFile[] = [];
  for (const entry of zip.entries) {
    const unsafe = unsafeZipPath(entry.name);
    if (unsafe) refused.push({ path: entry.name, reason: `refused: ${unsafe}` });
    else if (!entry.dir && !isSystemFile(entry.name)) files.set(normalizePath(entry.name), entry);
  }
  const unzip = async (path: string) => {
    const entry = files.get(path);
    if (!entry) throw new Error('is not in the zip');
    return zip.read(entry, DATASET_ENTRY_LIMIT, 'one file of a dataset zip');
  };
  const read = (path: string) => unzip(path).catch((e: unknown) => Promise.reject(new Error(`${path}: ${readError(e)}`)));
  return {
    name: name.replace(/\.zip$/i, ''),
    entries: [...files].map(([path, entry]) => ({ path, size: entry.size })),
    refused,
    read,
    readMany: (paths) => Promise.all(paths.map((p) => unzip(p).catch((e: unknown) => ({ error: `could not be unzipped: it ${readError(e)}` })))),
  };
}

export function readError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
