// The response reader reads what update_engine reads, with its codes: the recorded
// answers of hull serve to the real client, and hand-made edge cases; fuzzed, it never throws.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import fc from 'fast-check';
import { readClientResponse, responseSignature, type UpdateOffer } from './index.js';

const REAL = fileURLToPath(new URL('../../../test/fixtures/update/real-client/', import.meta.url));
const RUNS = Number(process.env['HULL_FUZZ_RUNS'] ?? 3000);

function recordedAnswers(): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = [];
  for (const dir of readdirSync(REAL, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(REAL + dir.name).filter((f) => f.endsWith('-response.http'))) {
      const req = readFileSync(`${REAL}${dir.name}/${f.replace('response', 'request')}`, 'utf8');
      if (!req.includes('<updatecheck>')) continue;
      const raw = readFileSync(`${REAL}${dir.name}/${f}`, 'utf8');
      out.push({ name: `${dir.name}/${f}`, body: raw.slice(raw.indexOf('\r\n\r\n') + 4) });
    }
  }
  return out;
}

test("hull serve's recorded answers to update checks read as the real client read them", () => {
  const seen = new Map<string, number>();
  for (const { name, body } of recordedAnswers()) {
    const r = readClientResponse(body);
    const status = /<updatecheck status="([a-z-]+)"/.exec(body)![1]!;
    seen.set(status, (seen.get(status) ?? 0) + 1);
    if (status === 'ok') {
      assert.ok(r.ok && r.status === 'ok', name);
      const o = r as UpdateOffer;
      assert.equal(o.packageName, 'flatcar_production_update.gz');
      assert.match(
        o.urls[0]!,
        /^http:\/\/127\.0\.0\.1:\{\{PORT\}\}\/packages\/\{\{PACKAGE_[0-9.]+\}\}\/flatcar_production_update\.gz$/,
      );
      assert.ok(o.size > 1_000_000);
      assert.match(o.sha256, /^[A-Za-z0-9+/]{43}=$/);
      assert.equal(o.disablePayloadBackoff, true);
      assert.match(o.version, /^1000\.0\.[01]$/);
    } else if (status === 'noupdate') assert.deepEqual(r, { ok: true, status: 'noupdate' }, name);
    else assert.deepEqual([r.ok, !r.ok && r.code], [false, 34], name);
  }
  assert.deepEqual([...seen.keys()].sort(), ['error-internal', 'noupdate', 'ok']);
});

const OK = (
  uc: string,
  manifest = '<manifest version="2.0.0"><packages><package name="p.gz" size="10"></package></packages><actions><action event="postinstall" sha256="AAAA"></action></actions></manifest>',
) =>
  `<response protocol="3.0"><app appid="x" status="ok"><updatecheck ${uc}><urls><url codebase="http://a/b"></url><url codebase="http://c/"></url></urls>${manifest}</updatecheck></app></response>`;

test('codes: empty 30, not XML 31, missing parts or another status 34', () => {
  const code = (b: string) => {
    const r = readClientResponse(b);
    return r.ok ? 'ok' : r.code;
  };
  assert.equal(code(''), 30);
  assert.equal(code('<response'), 31);
  assert.equal(code('<other/>'), 34);
  assert.equal(code('<response><app></app></response>'), 34);
  assert.equal(code('<response><app><updatecheck status="error-internal"/></app></response>'), 34);
  assert.equal(code(OK('status="ok"')), 'ok');
  assert.equal(code(OK('status="ok"', '')), 34);
  assert.equal(code(OK('status="ok"').replace('size="10"', 'size="0"')), 34);
  assert.equal(code(OK('status="ok"').replace('sha256="AAAA"', 'sha256=""')), 34);
  assert.equal(code(OK('status="ok"').replace('event="postinstall"', 'event="install"')), 34);
  assert.equal(code(OK('status="ok"').replace('codebase="http://c/"', 'codebase=""')), 34);
});

test('the first updatecheck of the first app only; URLs codebase + / + first package; attributes read', () => {
  const body = OK('status="ok" PollInterval="7200"')
    .replace('<action event', '<action MaxFailureCountPerUrl="3" DisablePayloadBackoff="true" event')
    .replace('</app></response>', '</app><app><updatecheck status="noupdate"/></app></response>');
  const r = readClientResponse(body) as UpdateOffer;
  assert.deepEqual(r.urls, ['http://a/b/p.gz', 'http://c/p.gz']);
  assert.equal(r.pollInterval, 7200);
  assert.equal(r.maxFailureCountPerUrl, 3);
  assert.equal(r.disablePayloadBackoff, true);
  assert.deepEqual(
    readClientResponse('<response><app><updatecheck status="noupdate" PollInterval="60"/></app></response>'),
    { ok: true, status: 'noupdate', pollInterval: 60 },
  );
  const sig = responseSignature(r);
  assert.equal(sig, responseSignature({ ...r, version: 'other' }), 'the version is not part of "same response"');
  assert.notEqual(sig, responseSignature({ ...r, sha256: 'BBBB' }));
});

test(`fuzz: the reader never throws (${RUNS} runs; HULL_FUZZ_RUNS for more)`, () => {
  const base = OK('status="ok" PollInterval="3600"');
  const pieces = [
    '<',
    '>',
    '"',
    '&',
    '&amp;',
    '&#x0;',
    '<updatecheck status="ok">',
    '</app>',
    'size="-1"',
    'sha256=""',
    '__proto__',
    '\u0000',
    'é',
    '<!DOCTYPE x>',
  ];
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc
          .tuple(fc.nat(base.length), fc.nat(20), fc.array(fc.constantFrom(...pieces), { maxLength: 4 }))
          .map(([at, cut, ins]) => base.slice(0, at) + ins.join('') + base.slice(at + cut)),
      ),
      (s) => {
        const r = readClientResponse(s);
        if (!r.ok) assert.ok([30, 31, 34].includes(r.code) && r.message.length > 0);
        else if (r.status === 'ok') assert.ok(r.size > 0 && r.sha256 !== '' && r.urls.length > 0);
      },
    ),
    { numRuns: RUNS },
  );
});
