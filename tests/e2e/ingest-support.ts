// Helpers for the ingest browser tests: read the studio's database from the page, and import through the preview.
import { expect, type Page } from '@playwright/test';

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

export function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate((name) => new Promise<T[]>((resolve, reject) => {
    const open = indexedDB.open('trainyard');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => resolve(request.result as T[]);
      request.onerror = () => reject(request.error);
    };
  }), store);
}

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
