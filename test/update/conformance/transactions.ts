import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { UpdateRepository } from '../../../src/update/index.js';
import {
  AMD64_BETA_GROUP,
  AMD64_STABLE_GROUP,
  rejection,
  sleep,
  T,
  withRepo,
  type UpdateRepositoryFactory,
} from './harness.js';

/** One locked read-modify-write of a counter kept in the group's description, slowed so that interleaving would show. */
async function bump(repo: UpdateRepository, groupId: string): Promise<void> {
  await repo.transaction(
    async (tx) => {
      const n = Number((await tx.getGroup(groupId))?.description ?? 'NaN');
      await sleep(3);
      await tx.updateGroup(groupId, { description: String(n + 1) });
    },
    { lockGroupId: groupId },
  );
}

export function transactionTests(f: UpdateRepositoryFactory): void {
  describe('transactions', () => {
    test('a transaction commits what it wrote and returns what fn returned', () =>
      withRepo(f, async (repo) => {
        const id = await repo.transaction(async (tx) => {
          const app = await tx.createApp({ name: 'InTx' }, T(1));
          await tx.createGroup({ appId: app.id, name: 'g', track: 't', channelId: null }, T(1));
          return app.id;
        });
        assert.equal((await repo.getApp(id))?.name, 'InTx');
        assert.equal((await repo.listGroups(id)).length, 1);
      }));

    test('a transaction that throws rolls everything back and rethrows the same error', () =>
      withRepo(f, async (repo) => {
        const boom = new Error('boom');
        const err = await rejection(
          repo.transaction(
            async (tx) => {
              const app = await tx.createApp({ name: 'Lost' }, T(1));
              await tx.updateGroup(AMD64_STABLE_GROUP, { description: 'changed' });
              await tx.upsertInstance(
                {
                  instanceId: 'm',
                  appId: app.id,
                  groupId: AMD64_STABLE_GROUP,
                  version: '1',
                  ip: '',
                  alias: '',
                  oem: '',
                  oemVersion: '',
                  alephVersion: '',
                },
                T(1),
              );
              throw boom;
            },
            { lockGroupId: AMD64_STABLE_GROUP },
          ),
        );
        assert.equal(err, boom);
        assert.deepEqual(
          (await repo.listApps()).map((a) => a.name),
          ['Flatcar Container Linux'],
        );
        assert.notEqual((await repo.getGroup(AMD64_STABLE_GROUP))?.description, 'changed');
        assert.equal(await repo.getInstance('m'), undefined);
        await repo.transaction(async (tx) => {
          await tx.updateGroup(AMD64_STABLE_GROUP, { description: 'after' });
        });
        assert.equal((await repo.getGroup(AMD64_STABLE_GROUP))?.description, 'after', 'the store still works');
      }));

    test('a CONFLICT inside a transaction can be caught; the transaction goes on and commits', () =>
      withRepo(f, async (repo) => {
        await repo.transaction(
          async (tx) => {
            const err = await rejection(tx.createApp({ name: 'Flatcar Container Linux' }, T(1)));
            assert.equal((err as { code?: string }).code, 'CONFLICT');
            await tx.createApp({ name: 'After the conflict' }, T(2));
          },
          { lockGroupId: AMD64_STABLE_GROUP },
        );
        assert.deepEqual(
          (await repo.listApps()).map((a) => a.name),
          ['Flatcar Container Linux', 'After the conflict'],
        );
      }));

    test('20 concurrent locked read-modify-writes of one group never interleave', () =>
      withRepo(f, async (repo) => {
        await repo.updateGroup(AMD64_STABLE_GROUP, { description: '0' });
        await Promise.all(Array.from({ length: 20 }, () => bump(repo, AMD64_STABLE_GROUP)));
        assert.equal((await repo.getGroup(AMD64_STABLE_GROUP))?.description, '20');
      }));

    if (f.twoServers !== undefined) {
      const twoServers = f.twoServers.bind(f);
      test('two servers (two pools on one database), 20 locked read-modify-writes each on one group: no update lost', async () => {
        const { a, b, close } = await twoServers();
        try {
          await a.updateGroup(AMD64_STABLE_GROUP, { description: '0' });
          await Promise.all(
            Array.from({ length: 20 }, (_, i) =>
              bump(i % 2 === 0 ? a : b, AMD64_STABLE_GROUP).then(() => bump(i % 2 === 0 ? b : a, AMD64_STABLE_GROUP)),
            ),
          );
          assert.equal((await b.getGroup(AMD64_STABLE_GROUP))?.description, '40');
        } finally {
          await close();
        }
      });
    }

    if (f.concurrentGroups) {
      test('a transaction on another group does not wait for a held lock; one on the same group does', () =>
        withRepo(f, async (repo) => {
          const order: string[] = [];
          let locked!: () => void;
          const isLocked = new Promise<void>((resolve) => {
            locked = resolve;
          });
          let otherDone!: () => void;
          const otherFinished = new Promise<void>((resolve) => {
            otherDone = resolve;
          });
          const holder = repo.transaction(
            async (tx) => {
              await tx.getGroup(AMD64_STABLE_GROUP);
              locked();
              const sawOther = await Promise.race([otherFinished.then(() => true), sleep(5000).then(() => false)]);
              await sleep(150); // time for a same-group transaction to (wrongly) get in
              order.push('holder done');
              return sawOther;
            },
            { lockGroupId: AMD64_STABLE_GROUP },
          );
          await isLocked;
          const same = repo.transaction(
            async (tx) => {
              order.push('same group');
              await tx.getGroup(AMD64_STABLE_GROUP);
            },
            { lockGroupId: AMD64_STABLE_GROUP },
          );
          await repo.transaction(
            async (tx) => {
              order.push('other group');
              await tx.updateGroup(AMD64_BETA_GROUP, { description: 'x' });
            },
            { lockGroupId: AMD64_BETA_GROUP },
          );
          otherDone();
          assert.equal(await holder, true, "the other group's transaction finished while the lock was held");
          await same;
          assert.deepEqual(order, ['other group', 'holder done', 'same group']);
        }));
    }
  });
}
