import { describe, expect, it } from 'vitest';
import {
  countOf, distinctShortNames, formatBytes, formatCount, formatDuration, formatImageShape, formatNumber, formatPercent, formatRate, isolateName, shortName, splitByNames, timeLeft,
} from '../../../src/core/format';

describe('format', () => {
  it('writes counts with thousands separators', () => {
    expect(formatCount(10000)).toBe('10,000');
    expect(formatCount(7)).toBe('7');
    expect([countOf(1, 'file'), countOf(0, 'file'), countOf(10000, 'image'), countOf(1, 'class', 'classes'), countOf(3, 'class', 'classes')])
      .toEqual(['1 file', '0 files', '10,000 images', '1 class', '3 classes']);
  });
  it('writes accuracies as percentages with one decimal, and a dash for no value', () => {
    expect(formatPercent(0.9125)).toBe('91.3 %');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
  it('writes durations as people say them', () => {
    expect(formatDuration(3.25)).toBe('3.3 s');
    expect(formatDuration(72)).toBe('1 min 12 s');
    expect(formatDuration(3 * 3600 + 125)).toBe('3 h 2 min');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
  it('writes sizes in decimal units', () => {
    expect(formatBytes(3_400_000)).toBe('3.4 MB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_600_000_000)).toBe('1.6 GB');
  });
  it('writes rates with their unit', () => {
    expect(formatRate(2345.6, 'images')).toBe('2,346 images/s');
    expect(formatRate(0, 'images')).toBe('— images/s');
  });
  it('estimates time left from a steady rate', () => {
    expect(timeLeft(25, 100, 10)).toBe(30);
    expect(timeLeft(0, 100, 10)).toBeNaN();
  });

  it('writes an image shape [h, w, c] width first, as people read sizes', () => {
    expect(formatImageShape([48, 64, 3])).toBe('64×48, colour');
    expect(formatImageShape([28, 28, 1])).toBe('28×28, gray');
  });
});

describe('numbers that are not numbers, and names', () => {
  it('shows absent and non-finite numbers as —', () => {
    for (const n of [NaN, Infinity, -Infinity, null, undefined]) {
      expect(formatNumber(n, 3)).toBe('—');
      expect(formatPercent(n)).toBe('—');
      expect(formatCount(n)).toBe('—');
    }
    expect(formatNumber(0.12345, 3)).toBe('0.123');
  });

  it('cuts a long name to whole characters with an ellipsis, keeping chart labels distinct', () => {
    expect(shortName('cat', 5)).toBe('cat');
    expect(shortName('a'.repeat(240), 5)).toBe('aaaa…');
    expect(shortName('😀😀😀😀😀😀', 3)).toBe('😀😀…');
    expect(distinctShortNames(['long-name-one', 'long-name-two', 'dog'], 6)).toEqual(['1. long-…', '2. long-…', 'dog']);
  });

  it('splits a message at the names it quotes, longest first', () => {
    expect(splitByNames('ab\u202Ec: 3 images imported into ab\u202Ec', ['ab\u202Ec', 'ab', undefined])).toEqual([
      { text: 'ab\u202Ec', name: true }, { text: ': 3 images imported into ', name: false }, { text: 'ab\u202Ec', name: true },
    ]);
    expect(splitByNames('nothing here', ['x'])).toEqual([{ text: 'nothing here', name: false }]);
  });

  it('wraps a name in first-strong isolate and pop isolate, so an override inside it ends with it', () => {
    expect(isolateName('ab\u202Ec')).toBe('\u2068ab\u202Ec\u2069');
    expect(`true ${isolateName('x')}: 3`.replace(/\u2068[^\u2069]*\u2069/g, '')).toBe('true : 3');
  });
});
