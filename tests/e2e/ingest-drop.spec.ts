import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { encode } from 'fast-png';
import { loadDigits } from '../support/digits';
import { dropPaths, importFromPreview, readStore, type StoredDataset } from './ingest-support';

/** Puts real fixture files into the page as File objects (through a helper input the test adds). */
async function loadFiles(page: Page, id: string, path: string, directory: boolean): Promise<void> {
  await page.evaluate(({ id, directory }) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = id;
    input.hidden = true;
    input.webkitdirectory = directory;
    document.body.append(input);
  }, { id, directory });
  await page.locator(`#${id}`).setInputFiles(path);
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Choose folder' })).toBeEnabled();
});

test('train/ and test/ dropped together as two folders (webkitGetAsEntry) import as one dataset', async ({ page }) => {
  await loadFiles(page, 'src', join('tests/fixtures', 'small-a'), true);
  await page.evaluate(() => {
    // Directory entries as Chromium gives them for a drop, built from the real files; readEntries hands
    // out at most 100 entries a call, like the real one.
    type Node = { files: Map<string, File>; dirs: Map<string, Node> };
    const root: Node = { files: new Map(), dirs: new Map() };
    for (const file of Array.from((document.getElementById('src') as HTMLInputElement).files ?? [])) {
      const parts = file.webkitRelativePath.split('/').slice(1);
      let node = root;
      for (const dir of parts.slice(0, -1)) {
        if (!node.dirs.has(dir)) node.dirs.set(dir, { files: new Map(), dirs: new Map() });
        node = node.dirs.get(dir) as Node;
      }
      node.files.set(parts[parts.length - 1] as string, file);
    }
    const fileEntry = (file: File, path: string) => ({ isFile: true, isDirectory: false, name: file.name, fullPath: path, file: (ok: (f: File) => void) => setTimeout(() => ok(file)) });
    const dirEntry = (name: string, node: Node, path: string): object => ({
      isFile: false, isDirectory: true, name, fullPath: path,
      createReader() {
        const all = [...[...node.dirs].map(([n, child]) => dirEntry(n, child, `${path}/${n}`)), ...[...node.files].map(([n, f]) => fileEntry(f, `${path}/${n}`))];
        let at = 0;
        return { readEntries: (ok: (entries: object[]) => void) => setTimeout(() => ok(all.slice(at, (at += 100)))) };
      },
    });
    const items = ['train', 'test'].map((name) => ({ kind: 'file', getAsFile: () => null, webkitGetAsEntry: () => dirEntry(name, root.dirs.get(name) as Node, `/${name}`) }));
    const drag = (type: string) => {
      const event = new DragEvent(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], items, dropEffect: 'none' } });
      window.dispatchEvent(event);
    };
    drag('dragenter');
    (window as unknown as { dropNow: () => void }).dropNow = () => drag('drop');
  });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.evaluate(() => (window as unknown as { dropNow: () => void }).dropNow());
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await expect(page.getByTestId('import-preview')).toContainText('Import “2 dropped items”');
  await importFromPreview(page, '2 dropped items', 'csv');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.counts.train?.total).toBe(800);
  expect(dataset?.counts.test?.total).toBe(200);
  expect(dataset?.shape).toEqual([28, 28, 1]);
  expect(dataset?.classes).toHaveLength(10);
});

test('a real folder and a zip dropped at once (getAsFileSystemHandle) become two datasets, one after the other', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 }); // three columns: the preview sits in the narrow first one
  await dropPaths(page, [join('tests/fixtures', 'small-b'), join('tests/fixtures', 'small-a.zip')]);
  await expect(page.getByTestId('import-preview')).toContainText('Import “small-b”');
  // The preview (class table, size fields, aspect policy) fits its column instead of spilling under the next one.
  expect(await page.getByTestId('import-preview').evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
  await importFromPreview(page, 'small-b', 'class-folders');
  await expect(page.getByTestId('import-preview')).toContainText('Import “small-a”');
  await importFromPreview(page, 'small-a', 'csv');
  const datasets = await readStore<StoredDataset>(page, 'datasets');
  expect(datasets.map((d) => [d.name, d.layout, d.report.images]).sort()).toEqual([['small-a', 'csv', 1000], ['small-b', 'class-folders', 1000]]);
  const smallB = datasets.find((d) => d.name === 'small-b');
  expect(smallB?.counts.train?.total).toBe(800);
  expect(smallB?.counts.test?.total).toBe(200);
  expect(smallB?.shape).toEqual([28, 28, 1]);
});

test('a dropped folder of more than 20,000 files is listed on the page and read by reader workers', async ({ page }) => {
  test.setTimeout(180_000);
  // 20,500 files: the 10,000 real digits twice over, then 500 once more, in one folder per class.
  const digits = loadDigits(10_000);
  const dir = join(mkdtempSync(join(tmpdir(), 'trainyard-')), 'many');
  for (let label = 0; label < 10; label++) mkdirSync(join(dir, String(label)), { recursive: true });
  const files = 20_500;
  for (let i = 0; i < files; i++) {
    const digit = digits[i % digits.length] as { label: number; pixels: Uint8Array };
    writeFileSync(join(dir, String(digit.label), `${String(i).padStart(5, '0')}.png`), encode({ width: 28, height: 28, data: digit.pixels, channels: 1, depth: 8 }));
  }
  const readers: string[] = [];
  page.on('worker', (worker) => void (worker.url().includes('file-reader') && readers.push(worker.url())));
  await dropPaths(page, [dir]);
  await importFromPreview(page, 'many', 'class-folders');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.report.images).toBe(files);
  expect(dataset?.report.skipped).toEqual([]);
  // A new reader every 8,192 files.
  expect(readers.length).toBeGreaterThanOrEqual(3);
});

test('"Choose folder" hands the picked folder (showDirectoryPicker) to the import worker, which reads it', async ({ page }) => {
  // The native picker cannot be clicked by a test: it is answered with a real directory handle, a folder in the
  // origin's private file system holding the real small-b digits.
  const root = 'tests/fixtures/small-b';
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => ({ path: relative(root, join(e.parentPath, e.name)), base64: readFileSync(join(e.parentPath, e.name)).toString('base64') }));
  await page.evaluate(async (files) => {
    const top = await (await navigator.storage.getDirectory()).getDirectoryHandle('small-b', { create: true });
    for (const { path, base64 } of files) {
      const parts = path.split('/');
      let dir = top;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (await dir.getFileHandle(parts.at(-1) as string, { create: true })).createWritable();
      await writable.write(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
      await writable.close();
    }
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => top;
  }, files);
  // The picked folder is listed in a reader worker of its own (src/ingest/file-reader), which then ends.
  const readers: string[] = [];
  page.on('worker', (worker) => void (worker.url().includes('file-reader') && readers.push(worker.url())));
  await page.getByRole('button', { name: 'Choose folder' }).click();
  await importFromPreview(page, 'small-b', 'class-folders');
  const [dataset] = await readStore<StoredDataset>(page, 'datasets');
  expect(dataset?.report.images).toBe(1000);
  expect(dataset?.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(dataset?.counts.test?.total).toBe(200);
  expect(readers).toHaveLength(1);
});

test('a dropped folder with nothing to import says so in words, and nothing can be imported', async ({ page }) => {
  const base = mkdtempSync(join(tmpdir(), 'trainyard-'));
  mkdirSync(join(base, 'empty'));
  writeFileSync(join(base, 'empty', '.DS_Store'), 'junk');
  mkdirSync(join(base, 'notes', 'more'), { recursive: true });
  writeFileSync(join(base, 'notes', 'readme.txt'), 'hello');
  writeFileSync(join(base, 'notes', 'more', 'todo.txt'), 'later');

  await dropPaths(page, [join(base, 'empty')]);
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('alert')).toContainText('“empty” holds no files (system files such as .DS_Store are not counted).');
  await expect(preview.getByRole('button', { name: 'Import 0 images' })).toBeDisabled();
  await preview.getByRole('button', { name: 'Cancel' }).click();

  await dropPaths(page, [join(base, 'notes')]);
  await expect(preview.getByRole('alert')).toContainText('No labelled images among its 2 files.');
  await preview.getByText(/Files already left out/).click();
  await expect(preview.getByText('notes/readme.txt')).toBeVisible();
  await expect(preview.getByRole('button', { name: 'Import 0 images' })).toBeDisabled();
  expect(await readStore(page, 'datasets')).toEqual([]);
});
