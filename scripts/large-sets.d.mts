export const LARGE_SETS_DIR: string;
export function parseSetName(name: string): { kind: 'digits' | 'photos'; count: number };
export function ensureLargeSet(name: string, options?: { force?: boolean; log?: (line: string) => void }): Promise<string>;
