/**
 * A separate process for the SQLite tests: opens the store in a data dir and
 * optionally increments a counter, then prints one JSON line with what
 * happened. Used to check behaviour across processes and as another user.
 *
 *   node --import tsx test/store/_sqlite-worker.ts <dataDir> <increments> [--barrier]
 *
 * With --barrier it prints "ready" and waits for a line on stdin before
 * opening, so a test can start several workers at the same moment.
 */
import { isAppError } from '../../src/core/index.js';
import { openStore } from '../../src/adapters/db/index.js';

const [dataDir = '', count = '0', barrier] = process.argv.slice(2);
if (barrier === '--barrier') {
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
}
try {
  const store = await openStore({ dataDir });
  const results: number[] = [];
  const pending: Promise<number>[] = [];
  for (let i = 0; i < Number(count); i++) pending.push(store.incrementMeta('shared'));
  results.push(...(await Promise.all(pending)));
  const applied = await store.appliedMigrations();
  await store.close();
  process.stdout.write(`${JSON.stringify({ ok: true, applied, results })}\n`);
} catch (err) {
  process.stdout.write(
    `${JSON.stringify({ ok: false, code: isAppError(err) ? err.code : undefined, message: String((err as Error).message) })}\n`,
  );
}
