// Bad environments: a worker that cannot start, storage that is unavailable.
import { expect, test } from '@playwright/test';

test('a training worker that cannot start shows a readable error, not a blank page', async ({ page }) => {
  await page.route(/train\.worker-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'missing' }));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Trainyard' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'training worker could not run' })).toBeVisible();
});

test('storage that is unavailable (private mode) is reported in words', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Storage is not available');
  await expect(alert).toContainText('Private windows');
});
