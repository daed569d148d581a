/**
 * The worker side of WorkerPool (worker-pool.ts): a worker module calls
 * `serveTasks(handler)` once; it says "ready", then answers each task.
 */
import { parentPort } from 'node:worker_threads';

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
