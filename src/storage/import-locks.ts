// One Web Lock per running import, held from before its pending record is written until it ends. Start-up
// cleanup removes a pending import only when its lock is free: the tab (or worker) that ran it is gone, so an
// import still running in a second tab is left alone. Where there are no Web Locks (Node tests) a lock is
// always free.

type Locks = Pick<LockManager, 'request'> | undefined;

const defaultLocks = (): Locks => globalThis.navigator?.locks;
const lockName = (key: string) => `trainyard-import:${key}`;

/** Takes the import's lock; the returned function lets it go. */
export async function holdImportLock(key: string, locks: Locks = defaultLocks()): Promise<() => void> {
  if (!locks) return () => {};
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await new Promise<void>((granted, failed) => {
    locks.request(lockName(key), () => {
      granted();
      return held;
    }).catch(failed);
  });
  return release;
}

/** True when no live tab or worker holds the import's lock. */
export async function importLockFree(key: string, locks: Locks = defaultLocks()): Promise<boolean> {
  if (!locks) return true;
  return locks.request(lockName(key), { ifAvailable: true }, (lock) => lock !== null);
}
