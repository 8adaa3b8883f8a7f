import { describe, expect, it } from 'vitest';
import { unsafeZipPath } from '../../../src/core/zip-paths';

describe('zip entry names', () => {
  it('accepts ordinary relative paths', () => {
    expect(unsafeZipPath('run/model.json')).toBeUndefined();
    expect(unsafeZipPath('a/b..c/d.png')).toBeUndefined();
  });
  it('refuses names that climb out or are absolute, saying which', () => {
    expect(unsafeZipPath('../x')).toBe('"../x" climbs out of the archive with ".."');
    expect(unsafeZipPath('run/../../etc/passwd')).toBe('"run/../../etc/passwd" climbs out of the archive with ".."');
    expect(unsafeZipPath('/etc/passwd')).toBe('"/etc/passwd" is an absolute path');
    expect(unsafeZipPath('C:\\Windows\\x')).toBe('"C:\\Windows\\x" is an absolute Windows path');
    expect(unsafeZipPath('')).toBe('an entry has an empty name');
  });
});
