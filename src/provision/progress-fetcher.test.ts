import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressEvent } from '../core/index.js';
import { countingFetcher } from './progress-fetcher.js';
import type { Fetcher } from './ports.js';

const inner = (size?: number): Fetcher & { closed: number } => {
  const f = {
    closed: 0,
    open: async () => ({
      chunks: (async function* () {
        yield new Uint8Array(3);
        yield new Uint8Array(5);
      })(),
      ...(size !== undefined ? { size } : {}),
      close: () => void f.closed++,
    }),
  };
  return f;
};

test('countingFetcher passes the chunks through and reports the bytes read, with the announced size', async () => {
  const events: ProgressEvent[] = [];
  const base = inner(8);
  const body = await countingFetcher(base, (e) => events.push(e)).open({ url: 'http://h/x', headers: [] });
  assert.equal(body.size, 8);
  const got: number[] = [];
  for await (const c of body.chunks) got.push(c.length);
  assert.deepEqual(got, [3, 5]);
  assert.deepEqual(events, [
    { kind: 'bytes', label: 'http://h/x', done: 0, total: 8 },
    { kind: 'bytes', label: 'http://h/x', done: 3, total: 8 },
    { kind: 'bytes', label: 'http://h/x', done: 8, total: 8 },
  ]);
  body.close();
  assert.equal(base.closed, 1);
});

test('countingFetcher without an announced size reports no total', async () => {
  const events: ProgressEvent[] = [];
  const body = await countingFetcher(inner(), (e) => events.push(e)).open({ url: 'file:///x', headers: [] });
  assert.equal('size' in body, false);
  for await (const _ of body.chunks) void _;
  assert.deepEqual(events.at(-1), { kind: 'bytes', label: 'file:///x', done: 8 });
});
