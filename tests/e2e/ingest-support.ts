// Helpers for the ingest browser tests: read the studio's database from the page, and import through the preview.
import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { readRecords } from './support';

export interface StoredDataset {
  id: string;
  name: string;
  shape: [number, number, number];
  classes: string[];
  layout: string;
  counts: Record<string, { perClass: number[]; total: number } | undefined>;
  split?: { testRatio: number; seed: number };
  report: { skipped: { path: string; reason: string }[]; warnings: string[]; images: number };
}

/**
 * Drops files and folders of this machine on the page as the OS would (DevTools' Input.dispatchDragEvent with
 * their paths): the page gets real DataTransfer items, with real file system handles in Chromium.
 */
export async function dropPaths(page: Page, paths: string[]): Promise<void> {
  // A drop before the studio has mounted its drop listeners would fall on nothing.
  await expect(page.getByRole('button', { name: 'Choose folder' })).toBeEnabled();
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths.map((p) => resolve(p)), dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, x: 400, y: 300, data });
  await cdp.detach();
}

/** Every record of an object store of the studio's database. */
export const readStore = readRecords;

/** Waits for the preview of `name`, checks its layout, imports, and waits for the outcome message. */
export async function importFromPreview(page: Page, name: string, layout: string): Promise<string> {
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('heading', { name: `Import “${name}”` })).toBeVisible();
  await expect(preview.getByTestId('preview-layout')).toHaveAttribute('data-layout', layout);
  await preview.getByRole('button', { name: /^Import / }).click();
  const notice = page.getByTestId('import-notice');
  await expect(notice.or(page.getByTestId('import-error'))).toContainText(`${name}:`, { timeout: 120_000 });
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  return notice.innerText();
}
