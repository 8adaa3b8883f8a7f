// One tfjs section at a time where the active backend may change: measuring switches backends, so an analysis or a
// prediction must not be half-way through on another one. Sections run in the order they asked.

export class BackendLock {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` once every section asked for before it has finished (whether it succeeded or not). */
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
