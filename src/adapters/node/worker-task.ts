/**
 * The worker side of WorkerPool (worker-pool.ts): a worker module calls
 * `serveTasks(handler)` once; it says "ready", then answers each task.
 */
import { platform, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

/** What the pool tells each worker at its start (its `workerData`). */
export interface WorkerSetup {
  /** Nice value for this thread (on Linux a thread's own; elsewhere it may apply to the process, so it is skipped). */
  readonly nice: number;
}

export interface ToWorker<I> {
  readonly id: number;
  readonly input: I;
}

export type FromPool<O> =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly value: O }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

export function serveTasks<I, O>(handler: (input: I) => O | Promise<O>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks runs in a worker thread of a WorkerPool');
  const setup = workerData as WorkerSetup | undefined;
  if (setup?.nice && platform() === 'linux') {
    try {
      // pid 0 is the calling thread on Linux: the event loop's thread keeps its priority.
      setPriority(0, setup.nice);
    } catch {
      // not permitted: run at the normal priority
    }
  }
  port.on('message', (msg: ToWorker<I>) => {
    void (async () => {
      let reply: FromPool<O>;
      try {
        reply = { type: 'done', id: msg.id, value: await handler(msg.input) };
      } catch (err) {
        reply = { type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(reply);
    })();
  });
  port.postMessage({ type: 'ready' } satisfies FromPool<O>);
}
