import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryUpdateRepository } from '../../src/adapters/memory/update-repository.js';
import { silentLogger } from '../../src/core/index.js';
import { startRetention } from '../../src/http/retention.js';
import { FLATCAR_APP_ID, type UpdateRepository } from '../../src/update/index.js';

const STABLE_AMD64 = '9a2deb70-37be-4026-853f-bfdd6b347bbe';

async function seeded() {
  const repo = new MemoryUpdateRepository() as UpdateRepository;
  const checkIn = (id: string, at: string) =>
    repo.upsertInstance(
      {
        instanceId: id,
        appId: FLATCAR_APP_ID,
        groupId: STABLE_AMD64,
        version: '1.0.0',
        ip: '',
        alias: '',
        oem: '',
        oemVersion: '',
        alephVersion: '',
      },
      at,
    );
  await checkIn('old', '2026-01-01T00:00:00.000Z');
  await checkIn('new', '2026-12-01T00:00:00.000Z');
  await repo.addActivity({
    class: 2,
    severity: 2,
    appId: FLATCAR_APP_ID,
    groupId: null,
    channelId: null,
    instanceId: null,
    version: null,
    message: 'old',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  await repo.addActivity({
    class: 2,
    severity: 2,
    appId: FLATCAR_APP_ID,
    groupId: null,
    channelId: null,
    instanceId: null,
    version: null,
    message: 'new',
    createdAt: '2026-12-01T00:00:00.000Z',
  });
  return repo;
}

const clock = { now: () => new Date('2026-12-02T00:00:00.000Z') };

test('retention at start: machines not seen for N days hidden, older activity deleted; the rest kept', async () => {
  const repo = await seeded();
  const r = startRetention(repo, clock, 90, silentLogger);
  await r.stop();
  const visible = await repo.listInstances({ page: 1, perPage: 10 });
  assert.deepEqual(
    visible.items.map((x) => x.instance.id),
    ['new'],
  );
  const all = await repo.listInstances({ page: 1, perPage: 10, includeHidden: true });
  assert.equal(all.total, 2, 'hidden, not deleted');
  assert.deepEqual(
    (await repo.listActivity({ page: 1, perPage: 10 })).items.map((a) => a.message),
    ['new'],
  );
});

test('retention 0 keeps everything', async () => {
  const repo = await seeded();
  await startRetention(repo, clock, 0, silentLogger).stop();
  assert.equal((await repo.listInstances({ page: 1, perPage: 10 })).total, 2);
  assert.equal((await repo.listActivity({ page: 1, perPage: 10 })).total, 2);
});
