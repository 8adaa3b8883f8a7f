import { describe, expect, it } from 'vitest';
import { parseGroundTruth } from '../../../src/core/csv';

describe('parseGroundTruth', () => {
  it('reads rows without a header, as the original generator wrote them', () => {
    const { rows, problems } = parseGroundTruth('data/raw_dataset/train/000000.png,5\ndata/raw_dataset/train/000001.png,0\n');
    expect(rows).toEqual([
      { line: 1, path: 'data/raw_dataset/train/000000.png', label: '5' },
      { line: 2, path: 'data/raw_dataset/train/000001.png', label: '0' },
    ]);
    expect(problems).toEqual([]);
  });

  it('skips a header row, whether its names are the usual ones or not', () => {
    expect(parseGroundTruth('path,label\na.png,cat\n').rows).toEqual([{ line: 2, path: 'a.png', label: 'cat' }]);
    expect(parseGroundTruth('filename,class_name\na.png,cat\n').rows).toEqual([{ line: 2, path: 'a.png', label: 'cat' }]);
  });

  it('handles a byte-order mark, CRLF line ends and quoted fields with commas', () => {
    const { rows, problems } = parseGroundTruth('\uFEFFpath,label\r\n"odd, name.png","big cat"\r\nb.png,dog\r\n');
    expect(rows).toEqual([
      { line: 2, path: 'odd, name.png', label: 'big cat' },
      { line: 3, path: 'b.png', label: 'dog' },
    ]);
    expect(problems).toEqual([]);
  });

  it('counts blank lines, so a message names the line an editor shows', () => {
    expect(parseGroundTruth('a.png,1\n\n\nb.png\n').problems).toEqual([{ line: 4, reason: 'row does not parse: expected "path,label" but found 1 field' }]);
  });

  it('reports rows that do not parse, and keeps the rest', () => {
    const { rows, problems } = parseGroundTruth('a.png,1\nlonely\nb.png,2,extra\nc.png,\nd.png,3\n');
    expect(rows.map((r) => r.path)).toEqual(['a.png', 'd.png']);
    expect(problems).toEqual([
      { line: 2, reason: 'row does not parse: expected "path,label" but found 1 field' },
      { line: 3, reason: 'row does not parse: expected "path,label" but found 3 fields' },
      { line: 4, reason: 'row does not parse: expected "path,label" but found 2 fields (1 empty)' },
    ]);
  });
});
