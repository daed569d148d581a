import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-envelope-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Envelope {
  ok: boolean;
  result: unknown;
  issues: unknown[];
  error: { code: string; message: string } | null;
}

/** The one JSON document of `hull -o json ARGS` on the stream it belongs on, with exactly the envelope's keys. */
function envelopeOf(args: string[], stream: 'stdout' | 'stderr', status: number, input?: string): Envelope {
  const r = runHull(['-o', 'json', ...args], input === undefined ? {} : { input });
  assert.equal(r.status, status, `hull -o json ${args.join(' ')}: ${r.stderr}`);
  const text = stream === 'stdout' ? r.stdout : r.stderr;
  assert.equal(text.split('\n').filter((l) => l !== '').length, 1, `one line of JSON on ${stream}: ${text}`);
  const env = JSON.parse(text) as Envelope;
  assert.deepEqual(Object.keys(env), ['ok', 'result', 'issues', 'error'], args.join(' '));
  assert.equal(env.ok, status === 0, `ok is exit 0: ${args.join(' ')}`);
  assert.ok(Array.isArray(env.issues));
  return env;
}

describe('-o json: one envelope {ok, result, issues, error} across commands', () => {
  const img = join(dir, 'a.img');

  test('results on stdout', () => {
    assert.equal((envelopeOf(['version'], 'stdout', 0).result as { name: string }).name, 'hull');
    assert.equal(
      (envelopeOf(['disk', 'create', '--size', '8GiB', img], 'stdout', 0).result as { image: string }).image,
      img,
    );
    const shown = envelopeOf(['disk', 'show', img], 'stdout', 0);
    assert.ok((shown.result as { partitions: unknown[] }).partitions.length > 0);
    assert.equal((envelopeOf(['disk', 'next', img], 'stdout', 0).result as { label: string }).label, 'USR-A');
    assert.deepEqual(envelopeOf(['disk', 'verify', img], 'stdout', 0).result, { repaired: false });
    const t = envelopeOf(
      ['ignition', 'translate', '--to', '3.4', '-'],
      'stdout',
      0,
      '{"ignition":{"version":"3.0.0"}}',
    );
    assert.equal((t.result as { ignition: { version: string } }).ignition.version, '3.4.0');
    assert.equal(
      envelopeOf(['ignition', 'validate', '-'], 'stdout', 0, '{"ignition":{"version":"3.0.0"}}').error,
      null,
    );
    const root = join(dir, 'root');
    mkdirSync(root);
    const p = envelopeOf(
      ['provision', '--root', root, '--dry-run', '-'],
      'stdout',
      0,
      '{"ignition":{"version":"3.0.0"}}',
    );
    assert.ok(Array.isArray((p.result as { stages: unknown[] }).stages));
    assert.match(
      (envelopeOf(['completion', 'bash'], 'stdout', 0).result as { script: string }).script,
      /complete -o default -F _hull hull/,
    );
  });

  test("hull cgpt: the envelope too (its text stays cgpt's)", () => {
    const c = join(dir, 'cgpt.img');
    envelopeOf(['disk', 'create', '--size', '8GiB', c], 'stdout', 0);
    const shown = envelopeOf(['cgpt', 'show', c], 'stdout', 0).result as {
      partitions: { number: number; label: string }[];
    };
    assert.deepEqual(shown.partitions.map((p) => p.label).slice(0, 4), ['EFI-SYSTEM', 'BIOS-BOOT', 'USR-A', 'USR-B']);
    assert.equal((envelopeOf(['cgpt', 'show', '-i', '3', c], 'stdout', 0).result as { label: string }).label, 'USR-A');
    assert.deepEqual(envelopeOf(['cgpt', 'show', '-i', '3', '-P', c], 'stdout', 0).result, { number: 3, value: '1' });
    const prio = envelopeOf(['cgpt', 'prioritize', '-i', '4', c], 'stdout', 0).result as {
      partitions: { number: number; priority: number }[];
    };
    assert.ok(
      prio.partitions.find((p) => p.number === 4)!.priority > prio.partitions.find((p) => p.number === 3)!.priority,
      'USR-B now first',
    );
    // USR-B has the higher priority now but no tries left (never written): GRUB's choice stays USR-A.
    assert.equal((envelopeOf(['cgpt', 'next', c], 'stdout', 0).result as { label: string }).label, 'USR-A');
    const added = envelopeOf(['cgpt', 'add', '-i', '4', '-T', '1', c], 'stdout', 0).result as {
      partitions: { number: number; tries: number }[];
    };
    assert.equal(added.partitions.find((p) => p.number === 4)!.tries, 1);
    assert.equal((envelopeOf(['cgpt', 'next', c], 'stdout', 0).result as { label: string }).label, 'USR-B');
    const found = envelopeOf(['cgpt', 'find', '-l', 'ROOT', c], 'stdout', 0).result as {
      matches: { device: string }[];
    };
    assert.deepEqual(
      found.matches.map((m) => m.device),
      [`${c}9`],
    );
    assert.equal(envelopeOf(['cgpt', 'find', '-l', 'NOSUCH', c], 'stdout', 1).result !== null, true);
    assert.match(
      (envelopeOf(['cgpt', 'boot', c], 'stdout', 0).result as { bootGuid: string }).bootGuid,
      /^[0-9A-F-]{36}$/,
    );
    // Without -o json, cgpt's own text.
    assert.match(runHull(['cgpt', 'show', '-i', '3', '-P', c]).stdout, /^1\n$/);
  });

  test('a refusal that is the verdict (exit 1) is the envelope on stdout with an error', () => {
    const refused = envelopeOf(['disk', 'rollback', img], 'stdout', 1);
    assert.equal(refused.error?.code, 'INPUT_INVALID');
    assert.match(refused.error?.message ?? '', /rollback refused: .*never written/);
  });

  test('a failure (exit 2, 3) is the envelope on stderr, stdout empty', () => {
    for (const [args, code, status] of [
      [['disk', 'show', join(dir, 'missing.img')], 'NOT_FOUND', 3],
      [['ignition', 'validate', join(dir, 'missing.ign')], 'NOT_FOUND', 3],
      [['disk', 'create', img], 'USAGE', 2],
      [['nosuch'], 'UNKNOWN_COMMAND', 2],
      [['serve', '--listen', 'localhost:99999', '--data-dir', join(dir, 'data')], 'USAGE', 2],
    ] as const) {
      const env = envelopeOf([...args], 'stderr', status);
      assert.equal(env.error?.code, code, args.join(' '));
      assert.deepEqual([env.result, env.issues], [null, []]);
      assert.equal(runHull(['-o', 'json', ...args]).stdout, '', args.join(' '));
    }
  });
});
