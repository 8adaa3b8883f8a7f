// Writes the built-in sample: 2,000 real digits in layout (a), zipped, into public/sample/.
import { mkdirSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { datasetFiles, loadDigits } from './digits.mjs';

const zip = new JSZip();
const folder = zip.folder('digits-sample');
for (const [path, bytes] of datasetFiles(loadDigits(2000), 'a')) folder.file(path, bytes, { date: new Date(Date.UTC(2022, 5, 1)) });
const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
mkdirSync('public/sample', { recursive: true });
writeFileSync('public/sample/digits-sample.zip', bytes);
console.log(`public/sample/digits-sample.zip: ${bytes.length} bytes`);
