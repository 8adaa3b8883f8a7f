// Library versions written into config.json, read from package.json files at build time (vite.config.ts
// defines the constant); Node tests, which do not go through Vite, get "unknown".
declare const __TRAINYARD_VERSIONS__: Record<string, string> | undefined;

export function libraryVersions(): Record<string, string> {
  return typeof __TRAINYARD_VERSIONS__ === 'object' && __TRAINYARD_VERSIONS__ !== null ? { ...__TRAINYARD_VERSIONS__ } : { trainyard: 'unknown' };
}
