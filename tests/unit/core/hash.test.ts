import { describe, expect, it } from 'vitest';
import { ContentHash } from '../../../src/core/hash';

describe('ContentHash', () => {
  it('gives 16 hex digits, the same for the same bytes', () => {
    const a = new ContentHash().update(Uint8Array.of(1, 2, 3)).updateText('x').digest();
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(new ContentHash().update(Uint8Array.of(1, 2, 3)).updateText('x').digest()).toBe(a);
  });

  it('changes when one byte changes, or when bytes move between calls', () => {
    const base = new ContentHash().update(Uint8Array.of(1, 2, 3)).digest();
    expect(new ContentHash().update(Uint8Array.of(1, 2, 4)).digest()).not.toBe(base);
    expect(new ContentHash().updateText('ab').updateText('c').digest()).not.toBe(new ContentHash().updateText('a').updateText('bc').digest());
  });
});
