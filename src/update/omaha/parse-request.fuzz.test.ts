// parseRequest never throws: random bytes, mutated recorded requests and
// random XML all give either a request or one of the codec's codes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseRequest, OMAHA_ISSUE_CODES } from './index.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/update/omaha/requests/', import.meta.url));
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => readFileSync(DIR + f, 'utf8'));
const RUNS = Number(process.env['HULL_FUZZ_RUNS'] ?? 400);

function holds(input: string | Uint8Array, maxBytes?: number): void {
  let r;
  try {
    r = parseRequest(input, maxBytes === undefined ? {} : { maxBytes });
  } catch (err) {
    assert.fail(
      `parseRequest threw ${String(err)} on ${JSON.stringify(typeof input === 'string' ? input : [...input])}`,
    );
  }
  if (r.ok) {
    assert.equal(r.request.protocol, '3.0');
    assert.ok(r.request.apps.length > 0);
    for (const app of r.request.apps) {
      assert.equal(typeof app.appId, 'string');
      assert.notEqual(app.appId.trim(), '');
      for (const e of app.events)
        assert.ok(Number.isInteger(e.type) && Number.isInteger(e.result) && e.type >= 0 && e.result >= 0);
    }
  } else {
    assert.ok(Object.hasOwn(OMAHA_ISSUE_CODES, r.code), r.code);
    assert.equal(typeof r.message, 'string');
    assert.ok(r.message.length > 0);
  }
}

const PIECES = [
  '<',
  '>',
  '/>',
  '</',
  '"',
  "'",
  '=',
  '&',
  ';',
  '&amp;',
  '&lt;',
  '&#x',
  '&#xE9;',
  '&#0;',
  '&#x110000;',
  '&nbsp;',
  '&a;',
  '<!DOCTYPE x>',
  '<!ENTITY a "b">',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<?pi?>',
  '\u0000',
  '\u0001',
  '\uFEFF',
  '\uD800',
  '😀',
  'é',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '<app>',
  '</app>',
  '<event',
  'eventtype="',
  'errorcode="-',
  '99999999999',
  '-2147483649',
  '4294967295',
  'protocol="3.0"',
  'protocol="2.0"',
  'appid=""',
  '__proto__',
  'constructor',
  '<__proto__>',
  '<constructor/>',
  'prototype="x"',
  '<a:b xmlns:a="u">',
  '<request>',
  '</request>',
  '<ping/>',
  '<updatecheck/>',
];

type Mutation =
  | { kind: 'insert'; at: number; piece: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'char'; at: number; char: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...PIECES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant('char' as const),
    at: fc.nat(),
    char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  }),
);

function mutate(text: string, steps: readonly Mutation[]): string {
  let t = text;
  for (const m of steps) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === 'insert') t = t.slice(0, at) + m.piece + t.slice(at);
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.len);
    else if (m.kind === 'duplicate') t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at);
    else t = t.slice(0, at) + m.char + t.slice(at + 1);
  }
  return t;
}

test('random bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => holds(bytes)),
    { numRuns: RUNS },
  );
});

test('random strings, with pieces of XML', () => {
  const text = fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 60 })
    .map((a) => a.join(''));
  fc.assert(
    fc.property(text, (t) => holds(t)),
    { numRuns: RUNS },
  );
});

test('mutated recorded requests, as text and as UTF-8 bytes', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FIXTURES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (fixture, steps) => {
      const t = mutate(fixture, steps);
      holds(t);
      holds(new TextEncoder().encode(t));
    }),
    { numRuns: RUNS },
  );
});

const NAMES = ['request', 'os', 'app', 'ping', 'updatecheck', 'event', 'x', 'urls'];
const ATTRS = [
  'protocol',
  'appid',
  'version',
  'eventtype',
  'eventresult',
  'errorcode',
  'previousversion',
  'board',
  'arch',
  'track',
  'machineid',
  'active',
  'zz',
];
const VALUE = fc.oneof(
  fc.constantFrom(
    '3.0',
    '',
    '0',
    '1',
    '3',
    '44',
    '268435474',
    '-1',
    '4294967296',
    '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}',
    'amd64-usr',
    'x64',
    '&amp;',
    '&#xE9;',
    '&bad;',
    '&',
    '"',
    '<',
  ),
  fc.string({ maxLength: 6 }),
);

const element: fc.Memo<string> = fc.memo((depth) => {
  const attrs = fc
    .array(fc.tuple(fc.constantFrom(...ATTRS), VALUE, fc.boolean()), { maxLength: 5 })
    .map((list) =>
      list
        .map(([n, v, single]) =>
          single ? ` ${n}='${v.replaceAll("'", '&apos;')}'` : ` ${n}="${v.replaceAll('"', '&quot;')}"`,
        )
        .join(''),
    );
  const children = depth <= 1 ? fc.constant('') : fc.array(element(depth - 1), { maxLength: 4 }).map((c) => c.join(''));
  return fc
    .tuple(fc.constantFrom(...NAMES), attrs, children, fc.boolean())
    .map(([name, a, inner, selfClose]) =>
      selfClose && inner === '' ? `<${name}${a}/>` : `<${name}${a}>${inner}</${name}>`,
    );
});

test('random XML documents built from Omaha names and values', () => {
  const doc = fc
    .tuple(fc.boolean(), element(4))
    .map(([prolog, body]) => (prolog ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '') + body);
  fc.assert(
    fc.property(doc, (d) => holds(d)),
    { numRuns: RUNS },
  );
  // and with the real root most of the time
  const request = fc
    .tuple(fc.array(element(3), { maxLength: 4 }), VALUE)
    .map(([kids, p]) => `<request protocol="${p.replaceAll('"', '')}">${kids.join('')}</request>`);
  fc.assert(
    fc.property(request, (d) => holds(d)),
    { numRuns: RUNS },
  );
});

test('small size limits cut anywhere', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FIXTURES), fc.nat({ max: 900 }), (f, max) => holds(f, max)),
    { numRuns: RUNS },
  );
});

test('regression rows: inputs that once broke a parser', () => {
  // fast-xml-parser 5.12 throws on an element or attribute named __proto__, constructor or
  // prototype, and applies transformTagName twice to a self-closing tag; _xml-tree.ts
  // prefixes every name (idempotently), so these are ordinary names.
  for (const input of [
    '<__proto__/>',
    '<request protocol="3.0"><__proto__/><app appid="a"/></request>',
    '<request protocol="3.0"><app appid="a" __proto__="x" constructor="y"/></request>',
    '<request protocol="3.0"><app appid="a"><constructor/><prototype/></app></request>',
    `${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}`,
    `<request protocol="3.0">${'<app appid="a">'.repeat(300)}${'</app>'.repeat(300)}</request>`,
    '<request protocol="3.0"><app appid="a"><event eventtype="3" eventresult="0" errorcode="-0"/></app></request>',
  ])
    holds(input);
  const proto = parseRequest(
    '<request protocol="3.0"><app appid="a" __proto__="x" constructor="y"><__proto__/><ping/></app></request>',
  );
  assert.ok(proto.ok);
  assert.equal(Object.getPrototypeOf(proto.request.apps[0]), Object.prototype, 'no prototype pollution');
  assert.deepEqual(proto.request.apps[0], { appId: 'a', ping: {}, events: [] });
  const other = parseRequest('<__proto__/>');
  assert.equal(!other.ok && other.code, 'OMAHA_NOT_REQUEST');
});
