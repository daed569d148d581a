import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { dbTokenRepository, openStore } from '../../src/adapters/db/index.js';
import { systemClock } from '../../src/core/index.js';
import { runHull } from '../helpers/hull.js';

// `hull token create|list|revoke` on the store `hull serve` uses (--data-dir here;
// --database through HULL_DATABASE_URL in test/e2e/serve-tokens.test.ts).
const root = mkdtempSync(join(tmpdir(), 'hull-token-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

const verify = async (dataDir: string, secret: string) => {
  const store = await openStore({ dataDir });
  try {
    return await dbTokenRepository(store, systemClock).verify(secret);
  } finally {
    await store.close();
  }
};

describe('hull token', () => {
  const dataDir = join(root, 'data');

  test('create prints only the secret on stdout, once; it works as a token of its role', async () => {
    const r = runHull(['token', 'create', '--role', 'viewer', '--name', 'ci', '--data-dir', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^hull_[A-Za-z0-9_-]{43}\n$/);
    assert.match(
      r.stderr,
      /^hull: created viewer token [0-9a-f-]{36}; its secret \(above\) is shown only this once\n$/,
    );
    const token = await verify(dataDir, r.stdout.trim());
    assert.deepEqual([token?.role, token?.name], ['viewer', 'ci']);
  });

  test('-o json create, list and revoke: the envelope; list never shows a secret; a revoked token stops working', async () => {
    const created = runHull(['-o', 'json', 'token', 'create', '--role', 'admin', '--data-dir', dataDir]);
    assert.equal(created.status, 0, created.stderr);
    const env = JSON.parse(created.stdout);
    assert.deepEqual(
      [env.ok, env.error, env.issues, env.result.role, env.result.name, env.result.revokedAt],
      [true, null, [], 'admin', '', null],
    );
    const { id, secret } = env.result as { id: string; secret: string };
    assert.equal(env.result.prefix, secret.slice(0, 13));

    const list = runHull(['token', 'list', '--output', 'json', '--data-dir', dataDir]);
    assert.equal(list.status, 0, list.stderr);
    assert.ok(!list.stdout.includes(secret));
    const items = JSON.parse(list.stdout).result.items as Array<Record<string, unknown>>;
    assert.deepEqual(
      items.map((t) => t['role']),
      ['viewer', 'admin'],
    );
    assert.deepEqual(Object.keys(items[1]!).sort(), [
      'createdAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
      'role',
    ]);

    const text = runHull(['token', 'list', '--data-dir', dataDir]);
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID +NAME +ROLE +PREFIX +CREATED +LAST USED +REVOKED$/);
    assert.match(lines[2]!, new RegExp(`^${id} +- +admin +${secret.slice(0, 13).replace(/[-]/g, '\\-')} +\\S+ +- +-$`));
    assert.ok(!text.stdout.includes(secret));

    const revoked = runHull(['-o', 'json', 'token', 'revoke', id, '--data-dir', dataDir]);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.match(JSON.parse(revoked.stdout).result.revokedAt, /^\d{4}-/);
    assert.equal(await verify(dataDir, secret), undefined);
    const again = runHull(['token', 'revoke', id, '--data-dir', dataDir]);
    assert.match(again.stdout, new RegExp(`^revoked token ${id} \\(admin, hull_`));
  });

  test('the store comes from HULL_DATA_DIR as for hull serve', () => {
    const r = runHull(['-o', 'json', 'token', 'list'], { env: { HULL_DATA_DIR: dataDir } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result.items.length, 2);
  });

  test('a bad or missing role is a usage error (exit 2) that opens no store; an unknown id is NOT_FOUND (exit 3)', () => {
    const fresh = join(root, 'untouched');
    for (const args of [['--role', 'owner'], [], ['--role', 'viewer', '--name', '']]) {
      const r = runHull(['token', 'create', ...args, '--data-dir', fresh]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^hull: error USAGE: /);
      assert.match(r.stderr, /hull token create --help/);
    }
    const json = runHull(['-o', 'json', 'token', 'create', '--role', 'owner', '--data-dir', fresh]);
    assert.equal(json.status, 2);
    assert.equal(json.stdout, '');
    assert.equal(JSON.parse(json.stderr).error.code, 'USAGE');
    assert.match(JSON.parse(json.stderr).error.message, /Allowed choices are admin, viewer/);
    assert.equal(spawnSync('test', ['-e', fresh]).status, 1, 'no data dir was made');
    const missing = runHull(['-o', 'json', 'token', 'revoke', 'no-such-id', '--data-dir', dataDir]);
    assert.equal(missing.status, 3);
    assert.equal(JSON.parse(missing.stderr).error.code, 'NOT_FOUND');
  });

  test('help and completion know the subcommands', () => {
    const help = runHull(['token', '--help']);
    assert.equal(help.status, 0);
    for (const sub of ['create', 'list', 'revoke']) assert.match(help.stdout, new RegExp(`^  ${sub}\\b`, 'm'));
    const script = join(root, 'hull.bash');
    writeFileSync(script, runHull(['completion', 'bash']).stdout);
    const complete = (words: string[]) => {
      const arr = words.map((w) => `'${w}'`).join(' ');
      const r = spawnSync(
        'bash',
        [
          '-c',
          `source '${script}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _hull; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      );
      return r.stdout.split('\n').filter((l) => l !== '');
    };
    assert.deepEqual(complete(['hull', 'tok']), ['token']);
    assert.deepEqual(complete(['hull', 'token', 'cr']), ['create']);
    assert.ok(complete(['hull', 'token', 'create', '--']).includes('--role'));
  });
});
