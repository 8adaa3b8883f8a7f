// Paths inside a zip someone hands us: refused when they could escape the folder they are unpacked into.

/** A readable reason when `path` is unsafe as a name inside an archive, else undefined. */
export function unsafeZipPath(path: string): string | undefined {
  if (path === '') return 'an entry has an empty name';
  if (path.includes('\0')) return `"${path}" contains a NUL character`;
  if (/^[a-zA-Z]:/.test(path)) return `"${path}" is an absolute Windows path`;
  if (path.startsWith('/') || path.startsWith('\\')) return `"${path}" is an absolute path`;
  const parts = path.split(/[\\/]/);
  if (parts.includes('..')) return `"${path}" climbs out of the archive with ".."`;
  return undefined;
}
