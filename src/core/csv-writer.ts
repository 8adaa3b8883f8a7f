// The one CSV writer of every file we export (scores, confusion matrix, leaderboard, a dataset's
// groundtruth.csv). Text that a spreadsheet would run as a formula is defused the way OWASP advises: a text
// cell starting with =, +, -, @, tab or carriage return gets a leading single quote and is quoted.
// `parseGroundTruth` strips that quote again, so an exported dataset imports with the same labels.

/** A cell: numbers are written as numbers (non-finite ones left empty), text is escaped. */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
/** A text that is only a number (`-1`, `+0.5`) is a value to a spreadsheet, not a formula: it stays as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** What we prefix, recognised on the way back; earlier quotes are kept so `'=x` and `=x` stay distinct. */
const ESCAPED = /^'+[=+\-@\t\r]/;

/** Whether a spreadsheet would read this text as the start of a formula. */
export function startsFormula(text: string): boolean {
  return (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) || ESCAPED.test(text);
}

/** The text as written in a cell: a single quote before anything a spreadsheet would evaluate. */
export function defuseFormula(text: string): string {
  return startsFormula(text) ? `'${text}` : text;
}

/** Undoes `defuseFormula` for a field read back from one of our files. */
export function restoreFormula(text: string): string {
  return ESCAPED.test(text) ? text.slice(1) : text;
}

export function csvField(cell: CsvCell): string {
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (cell === null || cell === undefined) return '';
  const defused = defuseFormula(cell);
  const quote = defused !== cell || /[",\r\n]/.test(defused) || /^\s|\s$/.test(defused);
  return quote ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** Header and rows as CSV text, CRLF line ends (as RFC 4180 and spreadsheets expect). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n');
}
