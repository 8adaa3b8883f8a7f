// A stored dataset version as a zip in layout (a) of the ingest: <name>/train/ and <name>/test/ (and val/
// when there is one), each with its PNG images and a groundtruth.csv of `path,label` rows. Importing the zip
// again gives the same dataset id, since that id depends on pixels, labels, splits and the order of the classes.
import JSZip from 'jszip';
import { encode } from 'fast-png';
import { toCsv } from '../core/csv-writer';
import { SPLITS, type DatasetRecord, type Split } from '../core/types';
import type { ShardRecord } from '../storage/db';
import { folderName } from './study-zip';

export async function datasetZip(dataset: DatasetRecord, shards: (split: Split) => Promise<ShardRecord[]>): Promise<Blob> {
  const zip = new JSZip();
  const root = zip.folder(folderName(dataset.name)) as JSZip;
  const [height, width, channels] = dataset.shape;
  const per = height * width * channels;
  for (const split of SPLITS) {
    const rows: { label: number; row: string[] }[] = [];
    const folder = root.folder(split) as JSZip;
    let n = 0;
    for (const shard of await shards(split)) {
      for (let i = 0; i < shard.count; i++) {
        const name = `${String(++n).padStart(6, '0')}.png`;
        const data = shard.pixels.subarray(i * per, (i + 1) * per);
        folder.file(name, encode({ width, height, data, channels, depth: 8 }));
        const label = shard.labels[i] as number;
        rows.push({ label, row: [`${split}/${name}`, dataset.classes[label] ?? String(label)] });
      }
    }
    if (rows.length === 0) root.remove(split);
    // Rows grouped by class in the dataset's order: a CSV's classes are read in the order its rows first use
    // them, so the zip imports back with the same order (and so the same id).
    else folder.file('groundtruth.csv', toCsv(['path', 'label'], rows.sort((a, b) => a.label - b.label).map((r) => r.row)));
  }
  return zip.generateAsync({ type: 'blob' });
}
