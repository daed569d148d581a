import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runHull } from '../helpers/hull.js';
import { fingerprint } from '../helpers/fingerprint.js';
import { tool } from './tools.js';

// Nothing is destroyed by surprise: `hull disk create` refuses an existing file
// (OUTPUT_EXISTS, exit 1, the file byte for byte as it was) unless --force.
// ct's -out-file and butane's -o replace their output, as the real tools do.

const dir = mkdtempSync(join(tmpdir(), 'hull-nooverwrite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = fingerprint;

test('disk create on an existing JSON file: OUTPUT_EXISTS, exit 1, the file unchanged', () => {
  const f = join(dir, 'config.json');
  writeFileSync(f, '{"ignition":{"version":"3.3.0"}}\n');
  const before = sha(f);
  for (const json of [false, true]) {
    const r = runHull([...(json ? ['-o', 'json'] : []), 'disk', 'create', f, '--size', '8GiB']);
    assert.equal(r.status, 1, r.stderr);
    if (json) assert.equal((JSON.parse(r.stderr) as { error: { code: string } }).error.code, 'OUTPUT_EXISTS');
    else
      assert.match(r.stderr, /^hull: error OUTPUT_EXISTS: .*config\.json exists; nothing was written \(give --force/);
    assert.equal(sha(f), before);
    assert.equal(statSync(f).size, 33);
  }
});

test('disk create on an existing image keeps its table (its changed attributes too); --force replaces it', () => {
  const img = join(dir, 'a.img');
  assert.equal(runHull(['disk', 'create', img, '--size', '8GiB']).status, 0);
  assert.equal(runHull(['cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', img]).status, 0);
  const before = sha(img);
  const r = runHull(['disk', 'create', img, '--size', '16GiB']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /OUTPUT_EXISTS/);
  assert.equal(sha(img), before);
  assert.equal(statSync(img).size, 8 * 1024 ** 3);
  const f = runHull(['disk', 'create', img, '--size', '9GiB', '--force']);
  assert.equal(f.status, 0, f.stderr);
  assert.equal(statSync(img).size, 9 * 1024 ** 3);
  assert.equal(runHull(['cgpt', 'show', '-i', '4', '-P', img]).stdout, '0\n');
  assert.match(tool('sgdisk', ['-v', img]).stdout, /No problems found/);
});

test('disk create --force on an empty existing file works; a new path needs no --force', () => {
  const e = join(dir, 'empty.img');
  writeFileSync(e, '');
  assert.equal(runHull(['disk', 'create', e, '--size', '8GiB']).status, 1);
  assert.equal(statSync(e).size, 0);
  assert.equal(runHull(['disk', 'create', e, '--size', '8GiB', '--force']).status, 0);
  truncateSync(e, 0);
  assert.equal(runHull(['disk', 'create', join(dir, 'new.img'), '--size', '8GiB']).status, 0);
});

test('drop-in tools keep their behaviour: ct -out-file and butane -o replace an existing file (as ct 0.9.4 and butane 0.29 do)', () => {
  const out = join(dir, 'out.ign');
  writeFileSync(
    out,
    'old contents that are longer than the new config, to see truncation ............................................\n',
  );
  const clc = join(dir, 'c.yaml');
  writeFileSync(clc, 'storage: {}\n');
  const ct = runHull(['ct', '-in-file', clc, '-out-file', out]);
  assert.equal(ct.status, 0, ct.stderr);
  assert.match(
    readFileSync(out, 'utf8'),
    /^\{"ignition":\{"config":\{\},"security":\{"tls":\{\}\},"timeouts":\{\},"version":"2\.3\.0"\}/,
  );
  const bu = join(dir, 'c.bu');
  writeFileSync(bu, 'variant: flatcar\nversion: 1.0.0\n');
  writeFileSync(out, 'x'.repeat(4000));
  const b = runHull(['butane', '-o', out, bu]);
  assert.equal(b.status, 0, b.stderr);
  assert.match(readFileSync(out, 'utf8'), /^\{"ignition":\{"version":"3\.3\.0"\}/);
});
