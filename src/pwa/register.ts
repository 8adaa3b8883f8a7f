// Registers the service worker. A new deployment is offered, never forced: `onUpdate` hands the UI a
// function to call when the person chooses to reload. On a host without COOP/COEP headers, the first
// load reloads once when the worker takes control, so the page becomes cross-origin isolated.
import { registerSW } from 'virtual:pwa-register';

export function registerServiceWorker(onUpdate: (apply: () => Promise<void>) => void): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const apply = registerSW({
    immediate: true,
    onNeedRefresh: () => onUpdate(() => apply(true)),
    onRegisterError: (error: unknown) => console.warn('Offline support is unavailable:', error),
  });
  if (!crossOriginIsolated && !sessionStorage.getItem('trainyard-coi-reload')) {
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (crossOriginIsolated) return;
      sessionStorage.setItem('trainyard-coi-reload', '1');
      location.reload();
    }, { once: true });
  }
}
