/**
 * A Fetcher that reports the bytes of each body as they are read (a progress
 * port: the engine wraps the adapter's fetcher with it when asked for
 * progress). The chunks pass through unchanged.
 */
import type { ProgressEvent } from '../core/index.js';
import type { FetchedBody, Fetcher, FetchRequest } from './ports.js';

export function countingFetcher(inner: Fetcher, report: (e: ProgressEvent) => void): Fetcher {
  return {
    async open(req: FetchRequest): Promise<FetchedBody> {
      const body = await inner.open(req);
      const total = body.size;
      const label = req.url;
      async function* counted(): AsyncGenerator<Uint8Array> {
        let done = 0;
        report({ kind: 'bytes', label, done, ...(total !== undefined ? { total } : {}) });
        for await (const c of body.chunks) {
          done += c.length;
          report({ kind: 'bytes', label, done, ...(total !== undefined ? { total } : {}) });
          yield c;
        }
      }
      return { chunks: counted(), ...(total !== undefined ? { size: total } : {}), close: () => body.close() };
    },
  };
}
