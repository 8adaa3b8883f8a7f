// Calls to a helper worker of the ingest worker (a reader or a decode worker) by message, each answered by its id.
// Not Comlink: a worker that fails to load, or dies, must fail the calls it was given (its caller then does the work
// itself) instead of leaving them waiting forever.

/** The worker-like object the calls go through (a Worker, or a fake in tests). */
export interface CallWorker<Request, Answer> {
  postMessage(message: Request, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: Answer }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export class WorkerCalls<Request, Answer extends { id: number }> {
  private readonly waiting = new Map<number, { settle: (answer: Answer) => boolean; reject: (error: Error) => void }>();
  private nextId = 0;
  /** True once the worker has failed: it takes no more calls. */
  failed = false;

  /** `name` names the worker in the error its failure gives ("the file reader stopped (…)"). */
  constructor(private readonly worker: CallWorker<Request, Answer>, name: string) {
    worker.addEventListener('message', ({ data }) => {
      const waiting = this.waiting.get(data.id);
      if (waiting?.settle(data)) this.waiting.delete(data.id);
    });
    worker.addEventListener('error', (event) => {
      this.failed = true;
      this.end(new Error(`${name} stopped (${event.message ?? 'no reason given'})`));
    });
  }

  /** Calls not answered yet. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /**
   * Sends the request made for a new id; `settle` turns an answer into the result, or into undefined for an answer
   * that does not end the call (a running count).
   */
  call<T>(request: (id: number) => Request, transfer: Transferable[], settle: (answer: Answer) => T | undefined): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, {
        settle: (answer) => {
          try {
            const result = settle(answer);
            if (result === undefined) return false;
            resolve(result);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
          return true;
        },
        reject,
      });
      this.worker.postMessage(request(id), transfer);
    });
  }

  /** Ends the worker; calls not answered yet fail with `reason`. */
  end(reason = new Error('the import ended')): void {
    this.worker.terminate();
    for (const { reject } of this.waiting.values()) reject(reason);
    this.waiting.clear();
  }
}
