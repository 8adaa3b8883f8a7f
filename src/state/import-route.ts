// Sorts what the person picked or dropped into what the dataset import reads (images, CSVs) and what the run
// import reads (a run or study zip, a tfjs model), by file names only: a zip's table of contents, a picked
// folder's paths, or the top of a folder given as a handle. Nothing is read in full here.
import { importKindOf } from '../core/import-kind';
import { openZip } from '../core/zip-reader';
import type { IngestInput } from '../ingest/collect';
import { walkHandles, type HandleLike } from '../ingest/handles';

export type FolderFiles = () => Promise<readonly { path: string; file: Blob }[]>;

export type RoutedInput =
  | { to: 'dataset'; input: IngestInput }
  | { to: 'runs'; kind: 'zip'; name: string; file: File }
  | { to: 'runs'; kind: 'folder'; name: string; files: FolderFiles };

export async function routeInputs(inputs: readonly IngestInput[]): Promise<RoutedInput[]> {
  return Promise.all(inputs.map(routeOne));
}

async function routeOne(input: IngestInput): Promise<RoutedInput> {
  const dataset: RoutedInput = { to: 'dataset', input };
  switch (input.kind) {
    case 'zip': {
      // A zip that cannot be opened goes to the dataset import, which says what is wrong with it.
      const names = await openZip(input.file).then((zip) => zip.entries.map((e) => e.name), () => []);
      if (importKindOf(names) === 'dataset') return dataset;
      const file = input.file instanceof File ? input.file : new File([input.file], `${input.name}.zip`);
      return { to: 'runs', kind: 'zip', name: file.name, file };
    }
    case 'packed': {
      const { paths, files } = input.packed;
      if (importKindOf(paths) === 'dataset') return dataset;
      return { to: 'runs', kind: 'folder', name: input.name, files: async () => paths.map((path, i) => ({ path, file: files[i] as Blob })) };
    }
    case 'handles':
      if (!(await holdsRunOrModel(input.handles))) return dataset;
      return { to: 'runs', kind: 'folder', name: input.name, files: () => filesOfHandles(input.handles) };
    default:
      return dataset;
  }
}

/** A model.json or a trainyard/ folder at the top of a given folder (or given itself). */
async function holdsRunOrModel(handles: readonly HandleLike[]): Promise<boolean> {
  for (const handle of handles) {
    if (handle.kind === 'file') {
      if (importKindOf([handle.name]) === 'runs') return true;
      continue;
    }
    try {
      for await (const child of handle.values()) {
        if ((child.kind === 'file' && child.name === 'model.json') || (child.kind === 'directory' && child.name === 'trainyard')) return true;
      }
    } catch {
      // An unreadable folder is left to the dataset import, which names it in its message.
    }
  }
  return false;
}

async function filesOfHandles(handles: readonly HandleLike[]): Promise<{ path: string; file: Blob }[]> {
  const found = await walkHandles(handles);
  return Promise.all(found.map(async ({ path, handle }) => ({ path, file: await handle.getFile() })));
}
