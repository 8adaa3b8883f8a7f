// Export and import of the sample's trained run: seconds from the click to the zip being handed over, its
// size, and seconds to import it into a fresh profile; the same for the 2,000-image dataset zip.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readStore, trainSample } from './browser.mjs';

export async function measure({ baseURL, launch, print }) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await trainSample(page, baseURL);
    await page.getByTestId('analysis-summary').waitFor({ timeout: 600_000 });
    const [{ backend }] = await readStore(page, 'runs');
    const timed = async (button) => {
      const started = performance.now();
      const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
      const bytes = readFileSync(await file.path());
      return { seconds: (performance.now() - started) / 1000, bytes, name: file.suggestedFilename() };
    };
    const run = await timed(page.getByRole('button', { name: 'Export run (.zip)' }));
    print({ name: 'export a run zip', value: round(run.seconds, 2), unit: 's', backend, bytes: run.bytes.length, plots: 5 });
    await page.getByRole('button', { name: 'Show dataset Sample digits' }).click();
    const dataset = await timed(page.getByRole('button', { name: 'Export Sample digits as a zip' }));
    print({ name: 'export a dataset zip', value: round(dataset.seconds, 2), unit: 's', backend, images: 2000, bytes: dataset.bytes.length });

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(baseURL);
    await other.getByRole('button', { name: 'Try the sample' }).waitFor();
    const started = performance.now();
    await other.getByTestId('import-run-input').setInputFiles({ name: run.name, mimeType: 'application/zip', buffer: run.bytes });
    await other.getByTestId('run-import-notice').waitFor();
    print({ name: 'import a run zip', value: round((performance.now() - started) / 1000, 2), unit: 's', backend, bytes: run.bytes.length });
    await fresh.close();
  } finally {
    await browser.close();
  }
}

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
