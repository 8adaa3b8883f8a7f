import { describe, expect, it } from 'vitest';
import { parseGroundTruth } from '../../../src/core/csv';
import { csvField, toCsv } from '../../../src/core/csv-writer';

describe('csv writer', () => {
  it('prefixes text a spreadsheet would run with a single quote, and quotes the field', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+cmd')).toBe(`"'+cmd"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves plain text, plain numbers written as text, and numbers as they are', () => {
    expect(csvField('cat')).toBe('cat');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('-1')).toBe('-1');
    expect(csvField('+0.5')).toBe('+0.5');
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField('dog, big')).toBe('"dog, big"');
  });

  it('writes absent and non-finite numbers as empty cells', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[NaN, Infinity, null, undefined]])).toBe('a,b,c,d\r\n,,,');
  });

  it('reads its own labels back unchanged through groundtruth.csv, quotes included', () => {
    const labels = ['=1+1', '+x', '-cmd', '@a', "'=already", "'plain", '-1', 'constructor', '__proto__', 'a "b", c'];
    const text = toCsv(['path', 'label'], labels.map((l, i) => [`train/${i}.png`, l]));
    const { rows, problems } = parseGroundTruth(text);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.label)).toEqual(labels);
    expect(text).not.toMatch(/(^|,)[=+@]/m);
  });
});
