// groundtruth.csv: `path,label` rows, header optional. A real CSV parser handles BOM, CRLF and quotes.
import Papa from 'papaparse';
import { restoreFormula } from './csv-writer';

export interface CsvRow {
  /** 1-based line number in the file, for messages. */
  line: number;
  path: string;
  label: string;
}

export interface CsvProblem {
  line: number;
  reason: string;
}

const HEADER_PATH = /^(path|file|filename|image|img|file_?path|image_?path)$/i;
const HEADER_LABEL = /^(label|class|category|target|y)$/i;

/** Parses `path,label` rows; a row that does not have exactly two non-empty fields is a problem, not a crash. */
export function parseGroundTruth(text: string): { rows: CsvRow[]; problems: CsvProblem[] } {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Blank lines are kept while parsing, so line numbers in messages match what an editor shows.
  const parsed = Papa.parse<string[]>(clean, { skipEmptyLines: false });
  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [];
  parsed.data.forEach((fields, index) => {
    const line = index + 1;
    const cells = fields.map((f) => f.trim());
    if (cells.every((c) => c === '')) return;
    if (rows.length === 0 && problems.length === 0 && cells.length === 2 && isHeader(cells[0] ?? '', cells[1] ?? '')) return;
    const [path, label] = cells;
    if (cells.length !== 2 || !path || !label) {
      problems.push({ line, reason: `row does not parse: expected "path,label" but found ${describeFields(cells)}` });
      return;
    }
    // Our own exports defuse formulas with a leading quote (csv-writer.ts); the label is the text without it.
    rows.push({ line, path: restoreFormula(path), label: restoreFormula(label) });
  });
  return { rows, problems };
}

/** A first row is a header when it uses the usual names, or when its path names no file (has no extension). */
function isHeader(path: string, label: string): boolean {
  return (HEADER_PATH.test(path) && HEADER_LABEL.test(label)) || !/\.[a-z0-9]{2,5}$/i.test(path);
}

function describeFields(cells: string[]): string {
  const filled = cells.filter((c) => c !== '').length;
  return `${cells.length} field${cells.length === 1 ? '' : 's'}${filled !== cells.length ? ` (${cells.length - filled} empty)` : ''}`;
}
