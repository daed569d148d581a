import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../helpers/hull.js';
import {
  answerOf,
  api,
  createPackage,
  FIRST_CHECK,
  machineId,
  omaha,
  promote,
  requestFor,
  setPolicy,
  STABLE_AMD64_CHANNEL,
  STABLE_AMD64_GROUP,
} from '../helpers/omaha-fleet.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';

// Issue 13's acceptance: several `hull serve` on one PostgreSQL give one answer;
// the policy limits hold across replicas (docs/update-server.md, the lock).
describe('two hull serve replicas on one PostgreSQL', () => {
  let pg: PostgresServer;
  const root = mkdtempSync(join(tmpdir(), 'hull-replicas-'));
  const servers: RunningServer[] = [];
  before(async () => {
    pg = await startPostgres();
  });
  after(async () => {
    for (const s of servers) await s.stop();
    await pg?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('200 concurrent first checks from distinct machines, split across both, policy max 5 per period: exactly 5 granted', async () => {
    const url = await pg.createDatabase('hull_replicas');
    const args = (dir: string) => ['--listen', '127.0.0.1:0', '--database', url, '--data-dir', join(root, dir)];
    servers.push(await startServer(args('a')));
    servers.push(await startServer(args('b')));
    const [a, b] = servers as [RunningServer, RunningServer];
    const token = readFileSync(join(root, 'a', 'admin-token'), 'utf8').trim();

    const pkg = await createPackage(a.url, token, '1000.0.1');
    await promote(a.url, token, STABLE_AMD64_CHANNEL, pkg);
    await setPolicy(a.url, token, STABLE_AMD64_GROUP, {
      updatesEnabled: true,
      safeMode: false,
      maxUpdatesPerPeriod: 5,
      periodIntervalSeconds: 3600,
    });
    // The other replica sees the same policy (it has cached nothing yet).
    const seen = await api<{ policy: { maxUpdatesPerPeriod: number; safeMode: boolean } }>(
      b.url,
      token,
      'GET',
      `/api/v1/apps/e96281a6-d1af-4bde-9a0a-97b76e56dc57/groups/${STABLE_AMD64_GROUP}`,
    );
    assert.deepEqual([seen.policy.maxUpdatesPerPeriod, seen.policy.safeMode], [5, false]);

    // Warm both servers (keep-alive sockets, database pools) so the checks arrive together, as a fleet's do.
    await Promise.all(
      servers.flatMap((s) =>
        Array.from({ length: 100 }, () =>
          fetch(`${s.url}/api/v1/instances?perPage=1`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
            r.arrayBuffer(),
          ),
        ),
      ),
    );
    const ids = Array.from({ length: 200 }, (_, i) => machineId(i, 0xab));
    const answers = await Promise.all(
      ids.map((id, i) => omaha(i % 2 === 0 ? a.url : b.url, requestFor(FIRST_CHECK, id))),
    );
    const tally = new Map<string, number>();
    for (const xml of answers) {
      const { app, updateCheck } = answerOf(xml);
      const k = `${app}/${updateCheck}`;
      tally.set(k, (tally.get(k) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(tally), {
      'ok/ok': 5,
      'error-maxUpdatesPerPeriodLimitReached/error-internal': 195,
    });
    const okIds = ids.filter((_, i) => answerOf(answers[i]!).updateCheck === 'ok').sort();

    // The database agrees, read through either server.
    const granted = await api<{
      total: number;
      items: Array<{ instance: { id: string }; app: { lastUpdateVersion: string } }>;
    }>(b.url, token, 'GET', '/api/v1/instances?status=granted&perPage=100');
    assert.equal(granted.total, 5);
    assert.deepEqual(granted.items.map((r) => r.instance.id).sort(), okIds);
    assert.ok(granted.items.every((r) => r.app.lastUpdateVersion === '1000.0.1'));
    const onHold = await api<{ total: number }>(a.url, token, 'GET', '/api/v1/instances?status=onhold&perPage=1');
    assert.equal(onHold.total, 195);
    const all = await api<{ total: number }>(a.url, token, 'GET', '/api/v1/instances?perPage=1');
    assert.equal(all.total, 200);

    for (const s of servers.splice(0)) assert.equal((await s.stop()).code, 0, s.logs());
  });
});
