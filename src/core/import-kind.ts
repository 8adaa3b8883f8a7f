// What a picked or dropped thing is, from its file names alone: a Trainyard run or study (a trainyard/run.json
// anywhere), a tfjs model (a model.json anywhere), or else a dataset of labelled images. The one Import
// button and the page-wide drop use this to hand each thing to the import that reads it.

export type ImportKind = 'runs' | 'dataset';

const RUN_RECORD = 'trainyard/run.json';
const MODEL = 'model.json';

/** `paths` are '/'- or '\'-separated names inside the zip or folder. */
export function importKindOf(paths: Iterable<string>): ImportKind {
  for (const raw of paths) {
    const path = raw.replace(/\\/g, '/');
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base === MODEL || path === RUN_RECORD || path.endsWith(`/${RUN_RECORD}`)) return 'runs';
  }
  return 'dataset';
}
