import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../helpers/hull.js';
import {
  bigTranspileBody,
  manyFilesTranspileBody,
  percentile,
  pollHealth,
  send,
  transpileFlood,
  type Answer,
} from '../helpers/load.js';

// `hull serve` (the built bin/hull.cjs, so the worker is dist/transpile-worker.cjs)
// keeps answering /healthz while transpiles flood it: they run in worker
// threads with a time and memory budget and a bounded queue
// (docs/server.md, "Limits"). The real latency figures are in
// bench/server-resilience.ts; the bound here is generous (a shared machine).
const data = mkdtempSync(join(tmpdir(), 'hull-e2e-workers-'));
const servers: RunningServer[] = [];
after(async () => {
  for (const s of servers) await s.stop();
  rmSync(data, { recursive: true, force: true });
});
const start = async (name: string, args: string[]) => {
  const s = await startServer([
    '--listen',
    '127.0.0.1:0',
    '--data-dir',
    join(data, name),
    '--transpile-workers',
    '1',
    ...args,
  ]);
  servers.push(s);
  return s;
};
const transpile = (url: string, body: string) =>
  send(url, {
    method: 'POST',
    path: '/api/v1/transpile',
    body,
    headers: { 'content-type': 'application/json' },
    timeoutMs: 30_000,
  });
const SMALL = JSON.stringify({ dialect: 'ignition', source: '{"ignition":{"version":"3.0.0"}}' });

describe('hull serve: transpiles in worker threads', () => {
  test('200 concurrent 1 MB transpiles: every /healthz polled meanwhile answers, p99 < 2 s (was dark ~290 s); the overflow is 503 SERVER_BUSY with Retry-After', async () => {
    const server = await start('flood', ['--transpile-queue', '2', '--transpile-timeout', '4s']);
    const poll = pollHealth(server.url, { everyMs: 20, timeoutMs: 30_000 });
    let uploaded = Infinity;
    const answers = await transpileFlood(
      server.url,
      200,
      Buffer.from(bigTranspileBody(1_000_000)),
      () => (uploaded = performance.now()),
    );
    const health = await poll.stop();

    const errors = answers.filter((a): a is string => typeof a === 'string');
    assert.deepEqual(errors, [], 'every transpile request is answered');
    const byStatus = new Map<number, Answer[]>();
    for (const a of answers as Answer[]) byStatus.set(a.status, [...(byStatus.get(a.status) ?? []), a]);
    assert.deepEqual(
      [...byStatus.keys()].filter((s) => ![200, 422, 503].includes(s)),
      [],
      'only done, over budget or busy',
    );
    const busy = byStatus.get(503) ?? [];
    assert.ok(busy.length >= 150, `most are refused at once (${busy.length} of 200)`);
    for (const a of busy) {
      assert.deepEqual(JSON.parse(a.body).error.code, 'SERVER_BUSY');
      assert.match(String(a.headers['retry-after']), /^[1-9]\d*$/);
    }
    for (const a of byStatus.get(200) ?? [])
      assert.equal(JSON.parse(JSON.parse(a.body).output).ignition.version, '2.3.0');

    assert.deepEqual(health.failures, [], 'no /healthz failed');
    assert.ok(health.latencies.length >= 20, `polled all along (${health.latencies.length})`);
    // The bound is on the time after the 200 MB of bodies are uploaded (the
    // transpiles in the worker, the refusals): during the upload burst itself
    // this shared 2-core machine shows multi-second stalls in TCP over
    // loopback that the server's event loop does not show (a /healthz whose
    // request is sent at once gets its answer late while the server's loop
    // lags far less); bench/server-resilience.ts reports both periods and
    // the goal (p99 < 50 ms). The bound here only separates "answers while
    // transpiles run elsewhere" from the old "dark until every transpile on the
    // main thread is done" (~290 s): a CI run shares the two cores with
    // another test file, and a tighter bound would measure that neighbour.
    const after = health.latencies.filter((_, i) => health.sentAt[i]! >= uploaded);
    const p99 = percentile(after, 99);
    assert.ok(after.length >= 20, `polled after the upload too (${after.length})`);
    assert.ok(
      p99 < 2000,
      `/healthz p99 ${p99.toFixed(1)} ms after the upload (p50 ${percentile(after, 50).toFixed(1)} ms; over the whole flood p99 ${percentile(health.latencies, 99).toFixed(1)} ms)`,
    );
    assert.equal((await transpile(server.url, SMALL)).status, 200, 'and it transpiles again afterwards');
  });

  test('a transpile over the time budget: 422 TRANSPILE_BUDGET_EXCEEDED, the worker is replaced, the next transpile works', async () => {
    // The budget leaves a cold, niced worker room for the small transpile on a loaded machine (200 ms did
    // not, with other work on both cores); 1.8 MB of small files takes several times the budget (about 21 700
    // files; one 1.8 MB scalar no longer did on a fast machine once the YAML fast path read it quickly).
    const server = await start('budget', ['--transpile-timeout', '700ms']);
    const t0 = performance.now();
    const over = await transpile(server.url, manyFilesTranspileBody(1_800_000));
    assert.equal(over.status, 422, over.body);
    assert.deepEqual(JSON.parse(over.body).error, {
      code: 'TRANSPILE_BUDGET_EXCEEDED',
      message: 'the transpile took longer than 700 ms, the time one request may use; it was stopped',
    });
    assert.ok(performance.now() - t0 < 10_000);
    const next = await transpile(server.url, SMALL);
    assert.equal(next.status, 200, next.body);
    assert.deepEqual(JSON.parse(next.body).issues, []);
    const replaced = server
      .logs()
      .split('\n')
      .filter((l) => l.includes('"msg":"transpile worker replaced"'))
      .map((l) => JSON.parse(l) as { reason: string });
    assert.deepEqual(
      replaced.map((l) => l.reason),
      ['timeout'],
    );
  });

  test('a transpile over the memory budget: 422 TRANSPILE_BUDGET_EXCEEDED naming the memory, then the next one works', async () => {
    const server = await start('memory', ['--transpile-memory', '32']);
    // 1.9 MB of inline text (under the route's 2 MiB body limit): a plain one-line scalar takes little memory to read, so it
    // is the copies into the output (data URL, JSON) that pass 32 MiB, whichever way the YAML is read.
    const over = await transpile(server.url, bigTranspileBody(1_900_000));
    assert.equal(over.status, 422, over.body);
    assert.equal(JSON.parse(over.body).error.code, 'TRANSPILE_BUDGET_EXCEEDED');
    assert.match(JSON.parse(over.body).error.message, /more than 32 MiB of memory/);
    assert.equal((await transpile(server.url, SMALL)).status, 200);
  });
});
