// Helpers for the benchmark's pages: reading the studio's database, training the sample.
/** Reads every record of an object store of the studio's database, from the page. */
export function readStore(page, store) {
  return page.evaluate((name) => new Promise((resolve, reject) => {
    const open = indexedDB.open('trainyard');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    };
  }), store);
}

/**
 * Opens the studio, waits until it shows its backend (the page is ready), presses "Try the sample", and waits until
 * its first run has trained. Resolves to the seconds from the click to the run shown as done.
 */
export async function trainSample(page, baseURL) {
  await page.goto(baseURL);
  await page.getByTestId('backend').waitFor({ timeout: 120_000 });
  const clicked = performance.now();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await page.locator('[data-testid="run"][data-status="done"]').first().waitFor({ timeout: 600_000 });
  return (performance.now() - clicked) / 1000;
}

/** Runs `work`; if it takes over `seconds` it fails with `what`, rather than holding `npm run bench` forever. */
export async function within(what, seconds, work) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${seconds} s`)), seconds * 1000)));
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}
