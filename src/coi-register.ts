// Makes the page cross-origin isolated where the host cannot send COOP/COEP: registers public/coi-serviceworker.js
// and reloads once under its control. `npm start` and the preview server send the headers, so there this does nothing.

const RELOADED = 'trainyard-coi-reloaded';

/** Resolves true when the page is about to reload (the caller should stop starting up). */
export async function ensureCrossOriginIsolation(): Promise<boolean> {
  if (globalThis.crossOriginIsolated) {
    sessionStorage.removeItem(RELOADED);
    return false;
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return false;
  const registration = await navigator.serviceWorker
    .register(new URL('coi-serviceworker.js', document.baseURI), { scope: './' })
    .catch(() => undefined);
  // One reload only: if the page is still not isolated after it, run without threads rather than loop.
  if (!registration || sessionStorage.getItem(RELOADED)) return false;
  sessionStorage.setItem(RELOADED, '1');
  await navigator.serviceWorker.ready;
  location.reload();
  return true;
}
