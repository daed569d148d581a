// Request parsing, one row per variant and per refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequest, type OmahaCodecErrorCode, type OmahaRequest } from './index.js';

const APP =
  'appid="{e96281a6-d1af-4bde-9a0a-97b76e56dc57}" version="3815.2.0" track="beta" machineid="3d1219c7c4c5404aaa1f6d2a48adfda4"';

function doc(appBody: string, root = 'protocol="3.0" installsource="scheduler"', app = APP): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<request ${root}>\n    <os version="Chateau" platform="CoreOS" sp="3815.2.0_x86_64"></os>\n    <app ${app} >\n${appBody}    </app>\n</request>\n`;
}

function ok(text: string | Uint8Array, maxBytes?: number): OmahaRequest {
  const r = parseRequest(text, maxBytes === undefined ? {} : { maxBytes });
  assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.message}`);
  return r.request;
}

function refused(text: string | Uint8Array, code: OmahaCodecErrorCode, maxBytes?: number): string {
  const r = parseRequest(text, maxBytes === undefined ? {} : { maxBytes });
  assert.equal(r.ok, false, `expected ${code}`);
  assert.equal(!r.ok && r.code, code, !r.ok ? r.message : '');
  return !r.ok ? r.message : '';
}

test('accepted variants', async (t) => {
  const rows: Array<[string, string, (r: OmahaRequest) => void]> = [
    [
      'check with previousversion ""',
      '        <ping active="1"></ping>\n        <updatecheck></updatecheck>\n        <event eventtype="3" eventresult="2" previousversion=""></event>\n',
      (r) => assert.deepEqual(r.apps[0]!.events, [{ type: 3, result: 2, previousVersion: '' }]),
    ],
    [
      'event without previousversion: undefined, not ""',
      '<event eventtype="13" eventresult="1"></event>',
      (r) => assert.ok(!Object.hasOwn(r.apps[0]!.events[0]!, 'previousVersion')),
    ],
    [
      'self-closing elements, single quotes',
      `<ping active='1'/><updatecheck targetversionprefix='3815.'/>`,
      (r) => {
        assert.deepEqual(r.apps[0]!.ping, { active: '1' });
        assert.deepEqual(r.apps[0]!.updateCheck, { targetVersionPrefix: '3815.' });
      },
    ],
    [
      'several events in one app, in order',
      '<event eventtype="13" eventresult="1"/><event eventtype="14" eventresult="1"/><event eventtype="3" eventresult="0" errorcode="5"/>',
      (r) =>
        assert.deepEqual(
          r.apps[0]!.events.map((e) => `${e.type}/${e.result}`),
          ['13/1', '14/1', '3/0'],
        ),
    ],
    [
      'errorcode with bit 31 (update_engine prints it negative)',
      '<event eventtype="3" eventresult="0" errorcode="-1879048187"/>',
      (r) =>
        assert.deepEqual(r.apps[0]!.events[0]!.errorCode, {
          raw: '-1879048187',
          value: -1879048187,
          code: 5,
          flags: 0x90000000,
        }),
    ],
    [
      'errorcode above 2^31 written unsigned',
      '<event eventtype="3" eventresult="0" errorcode="2415919109"/>',
      (r) =>
        assert.deepEqual(r.apps[0]!.events[0]!.errorCode, {
          raw: '2415919109',
          value: -1879048187,
          code: 5,
          flags: 0x90000000,
        }),
    ],
    [
      'numbers with surrounding spaces (Go trims them too)',
      '<event eventtype=" 3 " eventresult="0" errorcode=" 44"/>',
      (r) =>
        assert.deepEqual(r.apps[0]!.events[0], {
          type: 3,
          result: 0,
          errorCode: { raw: ' 44', value: 44, code: 44, flags: 0 },
        }),
    ],
    [
      'no ping, no updatecheck, no event',
      '',
      (r) => {
        assert.equal(r.apps[0]!.ping, undefined);
        assert.equal(r.apps[0]!.updateCheck, undefined);
        assert.deepEqual(r.apps[0]!.events, []);
      },
    ],
    [
      'unknown elements and attributes are left out',
      '<ping active="1" zzz="1"/><foo bar="1"><event eventtype="9" eventresult="9"/></foo>',
      (r) => {
        assert.deepEqual(r.apps[0]!.ping, { active: '1' });
        assert.deepEqual(r.apps[0]!.events, []);
      },
    ],
    [
      'comments, CDATA and text are ignored',
      '<!-- a & b --><ping active="1"><![CDATA[<&>]]>text</ping>',
      (r) => assert.deepEqual(r.apps[0]!.ping, { active: '1' }),
    ],
  ];
  for (const [name, body, check] of rows) await t.test(name, () => check(ok(doc(body))));
});

test('root, os and app attributes; values exactly as sent, entities and character references decoded', () => {
  const r = ok(
    doc(
      '',
      'protocol="3.0" version="CoreOSUpdateEngine-0.1.0.0" updaterversion="x" installsource="scheduler" ismachine="1" requestid="{r}" sessionid="{s}" userid="dropped"',
      'appid=" {E96281A6-D1AF-4BDE-9A0A-97B76E56DC57} " machinealias="caf&#xE9; &amp;&#233; &lt;&gt;&quot;&apos;&#x1F600;" lang="" from_track="alpha" nextversion="9.9.9" installage="3" client="c" multi_manifest_ok="true" brand="dropped"',
    ),
  );
  assert.equal(r.version, 'CoreOSUpdateEngine-0.1.0.0');
  assert.equal(r.requestId, '{r}');
  assert.equal(r.sessionId, '{s}');
  assert.ok(!('userId' in r) && !('userid' in r));
  assert.deepEqual(r.os, { version: 'Chateau', platform: 'CoreOS', sp: '3815.2.0_x86_64' });
  const app = r.apps[0]!;
  assert.equal(app.appId, ' {E96281A6-D1AF-4BDE-9A0A-97B76E56DC57} ', 'as sent');
  assert.equal(app.machineAlias, 'café &é <>"\'😀');
  assert.equal(app.lang, '', 'present and empty');
  assert.equal(app.version, undefined, 'absent');
  assert.deepEqual(
    [app.fromTrack, app.nextVersion, app.installAge, app.client, app.multiManifestOk],
    ['alpha', '9.9.9', '3', 'c', 'true'],
  );
  assert.ok(!('brand' in app));
});

test('several apps, each read', () => {
  const text = '<request protocol="3.0"><app appid="a"><ping/></app><app appid="b"><updatecheck/></app></request>';
  assert.deepEqual(
    ok(text).apps.map((a) => [a.appId, a.ping !== undefined, a.updateCheck !== undefined]),
    [
      ['a', true, false],
      ['b', false, true],
    ],
  );
});

test('bytes: UTF-8 with or without a BOM; a BOM in a string too', () => {
  const text = doc('<ping active="1"/>', 'protocol="3.0"', 'appid="é"');
  assert.equal(ok(new TextEncoder().encode(text)).apps[0]!.appId, 'é');
  assert.equal(ok(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])).apps[0]!.appId, 'é');
  assert.equal(ok(`\uFEFF${text}`).apps[0]!.appId, 'é');
});

test('size limit: 64 KiB by default, counted in bytes, before anything is read', () => {
  const pad = (n: number) => `<!--${'x'.repeat(n)}-->`;
  const base = doc('<ping active="1"/>');
  const exact = base + pad(64 * 1024 - base.length - 7);
  assert.equal(new TextEncoder().encode(exact).byteLength, 64 * 1024);
  ok(exact);
  refused(exact + ' ', 'OMAHA_TOO_LARGE');
  refused(new Uint8Array(64 * 1024 + 1), 'OMAHA_TOO_LARGE');
  refused('é'.repeat(40 * 1024), 'OMAHA_TOO_LARGE'); // 40 Ki characters, 80 KiB
  refused(`<!DOCTYPE x>${'a'.repeat(1024 * 1024)}`, 'OMAHA_TOO_LARGE'); // a 1 MB body is refused unread
  refused(base, 'OMAHA_TOO_LARGE', 100);
  ok(base, base.length);
});

test('refusals, one row per rule', async (t) => {
  const rows: Array<[string, string | Uint8Array, OmahaCodecErrorCode]> = [
    ['empty body', '', 'OMAHA_NOT_XML'],
    ['whitespace only', ' \n', 'OMAHA_NOT_XML'],
    ['not XML at all', 'hello', 'OMAHA_NOT_XML'],
    ['JSON', '{"request":{}}', 'OMAHA_NOT_XML'],
    ['unclosed element', '<request protocol="3.0"><app appid="a">', 'OMAHA_NOT_XML'],
    ['mismatched end tag', '<request protocol="3.0"><app appid="a"></request></app>', 'OMAHA_NOT_XML'],
    ['duplicate attribute', '<request protocol="3.0" protocol="3.0"><app appid="a"/></request>', 'OMAHA_NOT_XML'],
    ['attribute without quotes', '<request protocol=3.0><app appid="a"/></request>', 'OMAHA_NOT_XML'],
    ['two root elements', '<request protocol="3.0"><app appid="a"/></request><request/>', 'OMAHA_NOT_XML'],
    ['invalid UTF-8', new Uint8Array([0x3c, 0x61, 0xff, 0x3e]), 'OMAHA_NOT_XML'],
    ['a control character', doc('<ping active="\u0001"/>'), 'OMAHA_NOT_XML'],
    ['a NUL in text', doc('\u0000'), 'OMAHA_NOT_XML'],
    ['a lone surrogate', doc('<ping active="\uD800"/>'), 'OMAHA_NOT_XML'],
    ['an undefined entity in an attribute', doc('<ping active="&nbsp;"/>'), 'OMAHA_NOT_XML'],
    ['an undefined entity in an unknown element', doc('<x y="&copy;"/>'), 'OMAHA_NOT_XML'],
    ['an undefined entity in text', doc('&bogus;'), 'OMAHA_NOT_XML'],
    ['a bare & in an attribute', doc('', 'protocol="3.0"', 'appid="a&b"'), 'OMAHA_NOT_XML'],
    ['a < in an attribute', doc('', 'protocol="3.0"', 'appid="a<b"'), 'OMAHA_NOT_XML'],
    ['a reference to a character XML forbids', doc('', 'protocol="3.0"', 'appid="&#0;"'), 'OMAHA_NOT_XML'],
    ['a reference past U+10FFFF', doc('', 'protocol="3.0"', 'appid="&#x110000;"'), 'OMAHA_NOT_XML'],
    [
      'encoding other than UTF-8',
      '<?xml version="1.0" encoding="ISO-8859-1"?><request protocol="3.0"><app appid="a"/></request>',
      'OMAHA_NOT_XML',
    ],
    [
      'a DOCTYPE',
      '<?xml version="1.0"?><!DOCTYPE request><request protocol="3.0"><app appid="a"/></request>',
      'OMAHA_DOCTYPE_FORBIDDEN',
    ],
    [
      'an entity-expansion bomb',
      '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><request protocol="3.0"><app appid="&c;"/></request>',
      'OMAHA_DOCTYPE_FORBIDDEN',
    ],
    [
      'an external entity',
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><request protocol="3.0"><app appid="&x;"/></request>',
      'OMAHA_DOCTYPE_FORBIDDEN',
    ],
    ['a lowercase doctype', '<!doctype request><request/>', 'OMAHA_DOCTYPE_FORBIDDEN'],
    [
      'an ENTITY declaration anywhere',
      '<request protocol="3.0"><!-- <!ENTITY x "y"> --><app appid="a"/></request>',
      'OMAHA_DOCTYPE_FORBIDDEN',
    ],
    ['another root element', '<response protocol="3.0"/>', 'OMAHA_NOT_REQUEST'],
    ['no protocol', '<request><app appid="a"/></request>', 'OMAHA_WRONG_PROTOCOL'],
    ['protocol 2.0', '<request protocol="2.0"><app appid="a"/></request>', 'OMAHA_WRONG_PROTOCOL'],
    ['protocol " 3.0"', '<request protocol=" 3.0"><app appid="a"/></request>', 'OMAHA_WRONG_PROTOCOL'],
    ['no app', '<request protocol="3.0"><os platform="CoreOS"/></request>', 'OMAHA_NO_APP'],
    ['app without appid', doc('', 'protocol="3.0"', 'version="1"'), 'OMAHA_MISSING_APPID'],
    ['app with an empty appid', doc('', 'protocol="3.0"', 'appid=""'), 'OMAHA_MISSING_APPID'],
    ['app with a blank appid', doc('', 'protocol="3.0"', 'appid="  "'), 'OMAHA_MISSING_APPID'],
    ['the second app without appid', '<request protocol="3.0"><app appid="a"/><app/></request>', 'OMAHA_MISSING_APPID'],
    ['event without eventtype', doc('<event eventresult="1"/>'), 'OMAHA_BAD_EVENT'],
    ['event without eventresult', doc('<event eventtype="3"/>'), 'OMAHA_BAD_EVENT'],
    ['eventtype not a number', doc('<event eventtype="three" eventresult="1"/>'), 'OMAHA_BAD_EVENT'],
    ['eventtype negative', doc('<event eventtype="-3" eventresult="1"/>'), 'OMAHA_BAD_EVENT'],
    ['eventtype a fraction', doc('<event eventtype="3.0" eventresult="1"/>'), 'OMAHA_BAD_EVENT'],
    ['eventtype in hex', doc('<event eventtype="0x3" eventresult="1"/>'), 'OMAHA_BAD_EVENT'],
    ['eventresult too large', doc('<event eventtype="3" eventresult="99999999999"/>'), 'OMAHA_BAD_EVENT'],
    ['errorcode empty', doc('<event eventtype="3" eventresult="0" errorcode=""/>'), 'OMAHA_BAD_EVENT'],
    ['errorcode not an integer', doc('<event eventtype="3" eventresult="0" errorcode="1e3"/>'), 'OMAHA_BAD_EVENT'],
    ['errorcode past 32 bits', doc('<event eventtype="3" eventresult="0" errorcode="4294967296"/>'), 'OMAHA_BAD_EVENT'],
    ['errorcode below -2^31', doc('<event eventtype="3" eventresult="0" errorcode="-2147483649"/>'), 'OMAHA_BAD_EVENT'],
  ];
  for (const [name, input, code] of rows)
    await t.test(name, () => {
      refused(input, code);
    });
});

test('messages say where: the app and event index, the attribute', () => {
  assert.match(
    refused(doc('<event eventtype="3" eventresult="1"/><event eventtype="x" eventresult="1"/>'), 'OMAHA_BAD_EVENT'),
    /\/request\/app\[1\]\/event\[2\]\/@eventtype is "x"/,
  );
  assert.match(refused('<request protocol="2.0"/>', 'OMAHA_WRONG_PROTOCOL'), /protocol "2\.0"/);
  assert.match(refused('<a><b></a>', 'OMAHA_NOT_XML'), /line 1/);
});
