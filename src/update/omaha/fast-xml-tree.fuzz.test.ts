// The strict fast path (_fast-xml-tree.ts) against the full fast-xml-parser
// path (_xml-tree.ts): whatever the fast path accepts, the full path accepts
// with a deep-equal tree; it accepts the recorded requests of the real client
// (else it would be no use); and parseRequest gives the same answer either way.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import fc from 'fast-check';
import { fastXmlTree } from './_fast-xml-tree.js';
import { parseXmlTreeFully } from './_xml-tree.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/update/omaha/requests/', import.meta.url));
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => [f, readFileSync(DIR + f, 'utf8')] as const);
const RUNS = Number(process.env['HULL_FUZZ_RUNS'] ?? 1000);

let accepted = 0;
function agrees(text: string): void {
  const fast = fastXmlTree(text);
  if (fast === undefined) return;
  accepted++;
  assert.deepStrictEqual(fast, parseXmlTreeFully(text), `fast and full paths differ on ${JSON.stringify(text)}`);
}

test("the recorded requests take the fast path and give the full path's tree; the escaped alias goes the full way", () => {
  for (const [name, text] of FIXTURES) {
    const fast = fastXmlTree(text);
    if (name === 'check-escaped-alias-legacy-group.xml') {
      assert.equal(fast, undefined, name);
      continue;
    }
    assert.ok(fast !== undefined, `${name} takes the fast path`);
    assert.deepStrictEqual(fast, parseXmlTreeFully(text), name);
  }
});

const PIECES = [
  '<',
  '>',
  '/>',
  '</',
  '"',
  "'",
  '=',
  ' = ',
  '&',
  ';',
  '&amp;',
  '&#xE9;',
  '<!--',
  '-->',
  '<![CDATA[x]]>',
  '<?pi?>',
  '<?xml version="1.0"?>',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '\u00e9',
  '\u0001',
  'x',
  '1',
  '-',
  '.',
  ':',
  '_',
  '<app>',
  '</app>',
  '<event',
  ' a="1"',
  ' a="1" a="2"',
  'text',
  '<__proto__/>',
  ' constructor="y"',
  '<a:b>',
  '</request >',
  '< request>',
  '<request/>',
  '</x>',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...PIECES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 120 }) }),
  fc.record({
    kind: fc.constant('char' as const),
    at: fc.nat(),
    char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  }),
);

function mutate(
  text: string,
  steps: ReadonlyArray<{ kind: string; at: number; piece?: string; len?: number; char?: string }>,
): string {
  let t = text;
  for (const m of steps) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === 'insert') t = t.slice(0, at) + m.piece! + t.slice(at);
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.len!);
    else if (m.kind === 'duplicate') t = t.slice(0, at) + t.slice(at, at + m.len!) + t.slice(at);
    else t = t.slice(0, at) + m.char! + t.slice(at + 1);
  }
  return t;
}

test('mutated recorded requests: the fast path accepts only what the full path reads the same', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...FIXTURES.map(([, t]) => t)),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      (fixture, steps) => agrees(mutate(fixture, steps)),
    ),
    { numRuns: RUNS },
  );
});

const NAMES = [
  'request',
  'os',
  'app',
  'ping',
  'updatecheck',
  'event',
  'x',
  'a-b',
  '_c',
  '__proto__',
  'constructor',
  'x1',
];
const ATTRS = [
  'protocol',
  'appid',
  'version',
  'eventtype',
  'errorcode',
  'hardware_class',
  'delta_okay',
  'a',
  'toString',
  '__proto__',
];
const VALUE = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '3.0',
      '',
      '0',
      '44',
      '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}',
      'amd64-usr',
      "it's",
      'a=b',
      '#1',
      '%',
      '~',
      '  x  ',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
);
const SPACE = fc.constantFrom('', ' ', '\n', '\r\n', '\t', '\n    ');

const element: fc.Memo<string> = fc.memo((depth) => {
  // Each name once (the pieces and rows above bring repeated ones).
  const attrs = fc
    .uniqueArray(fc.tuple(SPACE, fc.constantFrom(...ATTRS), VALUE), { maxLength: 4, selector: ([, n]) => n })
    .map((list) => list.map(([sp, n, v]) => ` ${sp}${n}="${v.replaceAll('"', '')}"`).join(''));
  const children =
    depth <= 1
      ? fc.constant('')
      : fc.array(fc.tuple(SPACE, element(depth - 1)), { maxLength: 4 }).map((c) => c.map(([s, e]) => s + e).join(''));
  return fc
    .tuple(fc.constantFrom(...NAMES), attrs, SPACE, children, fc.boolean())
    .map(([name, a, sp, inner, selfClose]) =>
      selfClose && inner === '' ? `<${name}${a}${sp}/>` : `<${name}${a}${sp}>${inner}${sp}</${name}>`,
    );
});

test("random documents of the fast path's shape and around it: the trees agree, and most are taken fast", () => {
  accepted = 0;
  const prolog = fc.constantFrom(
    '',
    '',
    '',
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<?xml version="1.0"?>',
    "<?xml version='1.0'?>",
    ' <?xml version="1.0"?>',
  );
  const doc = fc.tuple(prolog, element(4), SPACE).map(([p, body, tail]) => p + body + tail);
  fc.assert(
    fc.property(doc, (d) => agrees(d)),
    { numRuns: RUNS },
  );
  assert.ok(accepted > RUNS / 4, `the fast path took ${accepted} of ${RUNS} generated documents`);
  fc.assert(
    fc.property(doc, fc.array(mutation, { minLength: 1, maxLength: 3 }), (d, steps) => agrees(mutate(d, steps))),
    { numRuns: RUNS },
  );
});

test('random strings with pieces of XML', () => {
  const text = fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 40 })
    .map((a) => a.join(''));
  fc.assert(
    fc.property(text, (t) => agrees(t)),
    { numRuns: RUNS },
  );
});

test('rows: the fast path leaves these to the full path', () => {
  for (const t of [
    '<a b="1"c="2"/>',
    '<a b = "1"/>',
    "<a b='1'/>",
    '<a b="&amp;"/>',
    '<a b="\u00e9"/>',
    '<a b="x>y"/>',
    '<a b="1" b="2"/>',
    '<a>text</a>',
    '<a><!-- c --></a>',
    '<a></a >',
    '<a/><b/>',
    '<a></b>',
    '<a>',
    '</a>',
    '',
    ' ',
    '<?xml version="1.0"?> <a/>x',
    '<1a/>',
    '<a:b/>',
    '<a.b/>',
    ' <?xml version="1.0"?><a/>',
    '<?xml version="1.1"?><a/>',
    '<?xml version="1.0" encoding="latin1"?><a/>',
    '<a b="1\n"/>',
  ]) {
    assert.equal(fastXmlTree(t), undefined, JSON.stringify(t));
  }
});
