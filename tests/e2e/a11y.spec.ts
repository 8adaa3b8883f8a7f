// Every control has an accessible name, and the main path works from the keyboard alone.
import { expect, test, type Page } from '@playwright/test';

interface AXNode {
  role?: { value?: string };
  name?: { value?: string };
  ignored?: boolean;
  backendDOMNodeId?: number;
}

const CONTROL_ROLES = new Set(['button', 'checkbox', 'combobox', 'textbox', 'spinbutton', 'slider', 'radio', 'link', 'switch', 'tab', 'menuitem', 'listbox']);

async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  const unnamed: string[] = [];
  for (const node of nodes) {
    const role = node.role?.value ?? '';
    if (node.ignored || !CONTROL_ROLES.has(role) || (node.name?.value ?? '').trim() !== '') continue;
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId })) as { object: { objectId: string } };
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function () { return this.outerHTML.slice(0, 160); }',
      returnByValue: true,
    })) as { result: { value: string } };
    unnamed.push(`${role}: ${result.value}`);
  }
  await cdp.detach();
  return unnamed;
}

test('every control has an accessible name, before and after training', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toBeVisible();
  expect(await unnamedControls(page)).toEqual([]);
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.locator('[data-testid="run"][data-status="done"]').first()).toBeVisible({ timeout: 200_000 });
  await page.getByRole('button', { name: 'Leaderboard' }).click();
  expect(await unnamedControls(page)).toEqual([]);
});

test('the sample can be imported from the keyboard alone, with a visible focus ring', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toBeVisible();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (name === 'Try the sample') break;
  }
  await expect(page.getByRole('button', { name: 'Try the sample' })).toBeFocused();
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dataset-card')).toHaveCount(1, { timeout: 60_000 });
});
