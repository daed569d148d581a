// The response writer, checked element by element: the output is parsed back
// with fast-xml-parser (order kept) and every element and attribute asserted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  errorResponse,
  writeResponse,
  ERROR_APP_STATUS,
  OMAHA_ISSUE_CODES,
  isOmahaSha256,
  type OmahaCodecErrorCode,
  type OmahaResponse,
  type OmahaResponseApp,
} from './index.js';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
}

const ordered = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true, // an independent decoder of &#NN; too
});

function tree(xml: string): El {
  assert.equal(XMLValidator.validate(xml), true, 'well-formed');
  const conv = (node: Record<string, unknown>): El => {
    const name = Object.keys(node).find((k) => k !== ':@')!;
    const kids = (node[name] as Array<Record<string, unknown>>).filter((k) => !('#text' in k));
    return { name, attrs: (node[':@'] as Record<string, string> | undefined) ?? {}, children: kids.map(conv) };
  };
  const top = (ordered.parse(xml) as Array<Record<string, unknown>>).map(conv);
  assert.equal(top.length, 1, 'one root, no prolog');
  return top[0]!;
}

function names(el: El): string[] {
  return el.children.map((c) => c.name);
}

const APPID = '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}';
const SHA256 = 'm2Yk3JH0p9oV5yS6cFhq8Kd0oR1t2Uu3Vv4Ww5Xx6Yc=';

const UPDATE: OmahaResponseApp = {
  appId: APPID,
  status: 'ok',
  ping: true,
  eventAcks: 1,
  updateCheck: {
    status: 'ok',
    urls: ['https://update.example/amd64-usr/4081.2.0/', 'http://mirror.example/4081.2.0/'],
    manifest: {
      version: '4081.2.0',
      packages: [
        { name: 'flatcar_production_update.gz', hash: 'q0mR7xL2cS3bQh8pZk1VgXy4t9E=', size: 478150219, required: true },
        {
          name: 'oem-qemu.gz',
          hash: 'Zr0Vb1mK3nQ8s2dP4yE6wA9tJ5c=',
          size: 2304,
          required: false,
          hashSha256: '5d41402abc4b2a76b9719d911017c592b2f1d0c3e9a7f6e5d4c3b2a190817263',
        },
      ],
      actions: [
        {
          event: 'postinstall',
          sha256: SHA256,
          disablePayloadBackoff: true,
          needsAdmin: false,
          maxFailureCountPerUrl: 3,
        },
      ],
    },
  },
};

test('update available: every element and attribute, in Nebraska order', () => {
  const xml = writeResponse({ server: 'hull', elapsedSeconds: 0, apps: [UPDATE] });
  assert.ok(xml.startsWith('<response protocol="3.0" server="hull"><daystart elapsed_seconds="0"></daystart><app '));
  assert.doesNotMatch(xml, /\/>/, 'start/end pairs, never self-closing');
  const root = tree(xml);
  assert.equal(root.name, 'response');
  assert.deepEqual(root.attrs, { protocol: '3.0', server: 'hull' });
  assert.deepEqual(names(root), ['daystart', 'app']);
  assert.deepEqual(root.children[0]!.attrs, { elapsed_seconds: '0' });
  const app = root.children[1]!;
  assert.deepEqual(app.attrs, { appid: APPID, status: 'ok' });
  assert.deepEqual(names(app), ['ping', 'updatecheck', 'event']);
  assert.deepEqual(app.children[0]!.attrs, { status: 'ok' });
  assert.deepEqual(app.children[2]!.attrs, { status: 'ok' });
  const check = app.children[1]!;
  assert.deepEqual(check.attrs, { status: 'ok' });
  assert.deepEqual(names(check), ['urls', 'manifest']);
  assert.deepEqual(
    check.children[0]!.children.map((u) => [u.name, u.attrs]),
    [
      ['url', { codebase: 'https://update.example/amd64-usr/4081.2.0/' }],
      ['url', { codebase: 'http://mirror.example/4081.2.0/' }],
    ],
  );
  const manifest = check.children[1]!;
  assert.deepEqual(manifest.attrs, { version: '4081.2.0' });
  assert.deepEqual(names(manifest), ['packages', 'actions']);
  const [os, ext] = manifest.children[0]!.children;
  assert.deepEqual(os, {
    name: 'package',
    children: [],
    attrs: {
      name: 'flatcar_production_update.gz',
      hash: 'q0mR7xL2cS3bQh8pZk1VgXy4t9E=',
      size: '478150219',
      required: 'true',
    },
  });
  assert.deepEqual(ext, {
    name: 'package',
    children: [],
    attrs: {
      name: 'oem-qemu.gz',
      hash: 'Zr0Vb1mK3nQ8s2dP4yE6wA9tJ5c=',
      hash_sha256: '5d41402abc4b2a76b9719d911017c592b2f1d0c3e9a7f6e5d4c3b2a190817263',
      size: '2304',
      required: 'false',
    },
  });
  const actions = manifest.children[1]!.children;
  assert.equal(actions.length, 1);
  assert.deepEqual(actions[0]!.attrs, {
    event: 'postinstall',
    sha256: SHA256,
    needsadmin: 'false',
    DisablePayloadBackoff: 'true',
    MaxFailureCountPerUrl: '3',
  });
  assert.ok(
    isOmahaSha256(actions[0]!.attrs['sha256']!),
    '44-character canonical base64, compared as text by the client',
  );
});

test('the postinstall action with every optional attribute, in go-omaha order', () => {
  const xml = writeResponse({
    server: 'hull',
    elapsedSeconds: 0,
    apps: [
      {
        ...UPDATE,
        updateCheck: {
          ...UPDATE.updateCheck!,
          status: 'ok',
          urls: ['u/'],
          pollInterval: 3600,
          manifest: {
            version: '1',
            isFloor: true,
            floorReason: 'a "must"',
            isTarget: false,
            packages: [],
            actions: [
              {
                event: 'postinstall',
                chromeOsVersion: '',
                sha256: SHA256,
                needsAdmin: true,
                isDelta: false,
                isDeltaPayload: false,
                disablePayloadBackoff: false,
                maxFailureCountPerUrl: 10,
                metadataSignatureRsa: 'sig',
                metadataSize: '0',
                deadline: 'now',
              },
            ],
          },
        } as OmahaResponseApp['updateCheck'],
      },
    ],
  });
  const check = tree(xml).children[1]!.children[1]!;
  assert.deepEqual(check.attrs, { status: 'ok', PollInterval: '3600' });
  const manifest = check.children[1]!;
  assert.deepEqual(manifest.attrs, { version: '1', is_floor: 'true', floor_reason: 'a "must"', is_target: 'false' });
  assert.deepEqual(Object.keys(manifest.children[1]!.children[0]!.attrs), [
    'event',
    'ChromeOSVersion',
    'sha256',
    'needsadmin',
    'IsDelta',
    'IsDeltaPayload',
    'DisablePayloadBackoff',
    'MaxFailureCountPerUrl',
    'MetadataSignatureRsa',
    'MetadataSize',
    'deadline',
  ]);
  assert.match(xml, /<packages><\/packages>/);
});

test('noupdate, event-only and ping-only answers', () => {
  const app = (a: Partial<OmahaResponseApp>): OmahaResponseApp => ({
    appId: APPID,
    status: 'ok',
    ping: false,
    eventAcks: 0,
    ...a,
  });
  const noupdate = writeResponse({
    server: 'hull',
    elapsedSeconds: 0,
    apps: [app({ ping: true, eventAcks: 1, updateCheck: { status: 'noupdate', pollInterval: 2700 } })],
  });
  assert.equal(
    noupdate,
    `<response protocol="3.0" server="hull"><daystart elapsed_seconds="0"></daystart><app appid="${APPID}" status="ok"><ping status="ok"></ping><updatecheck status="noupdate" PollInterval="2700"></updatecheck><event status="ok"></event></app></response>`,
  );
  const events = tree(writeResponse({ server: 'hull', elapsedSeconds: 0, apps: [app({ eventAcks: 3 })] })).children[1]!;
  assert.deepEqual(names(events), ['event', 'event', 'event']);
  const ping = tree(writeResponse({ server: 'hull', elapsedSeconds: 0, apps: [app({ ping: true })] })).children[1]!;
  assert.deepEqual(names(ping), ['ping']);
});

test('several apps, each with its own status; appid echoed exactly as sent', () => {
  const root = tree(
    writeResponse({
      server: 'hull',
      elapsedSeconds: 42,
      apps: [
        {
          appId: ' {ABC} ',
          status: 'error-unknownApplication',
          ping: false,
          eventAcks: 0,
          updateCheck: { status: 'error-internal' },
        },
        { appId: APPID, status: 'ok', ping: true, eventAcks: 0 },
      ],
    }),
  );
  assert.deepEqual(root.children[0]!.attrs, { elapsed_seconds: '42' });
  assert.deepEqual(
    root.children.slice(1).map((a) => a.attrs),
    [
      { appid: ' {ABC} ', status: 'error-unknownApplication' },
      { appid: APPID, status: 'ok' },
    ],
  );
  assert.deepEqual(root.children[1]!.children[0]!.attrs, { status: 'error-internal' });
});

test('attribute values are escaped: & < > " \' and tab/LF/CR; forbidden characters become U+FFFD', () => {
  const nasty = 'a&b<c>d"e\'f\tg\nh\ri\u0001j\uD800k é😀';
  const xml = writeResponse({ server: nasty, elapsedSeconds: 0, apps: [] });
  assert.match(xml, /server="a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i\uFFFDj\uFFFDk é😀"/);
  assert.equal(tree(xml).attrs['server'], 'a&b<c>d"e\'f\tg\nh\ri\uFFFDj\uFFFDk é😀');
});

test('errorResponse: one app with an error status and an error updatecheck, per codec code', async (t) => {
  for (const code of Object.keys(OMAHA_ISSUE_CODES) as OmahaCodecErrorCode[]) {
    await t.test(code, () => {
      const root = tree(errorResponse(code));
      assert.deepEqual(root.attrs, { protocol: '3.0', server: 'hull' });
      assert.deepEqual(names(root), ['daystart', 'app']);
      const app = root.children[1]!;
      assert.deepEqual(app.attrs, { status: ERROR_APP_STATUS[code] });
      assert.match(app.attrs['status']!, /^error-/);
      assert.deepEqual(names(app), ['updatecheck']);
      const status = app.children[0]!.attrs['status'];
      // update_engine fails a check whose updatecheck status is neither ok nor noupdate (its error 34).
      assert.ok(status !== 'ok' && status !== 'noupdate');
      assert.equal(status, code === 'OMAHA_WRONG_PROTOCOL' ? 'error-unsupportedProtocol' : 'error-internal');
    });
  }
  const withApp = tree(errorResponse('OMAHA_BAD_EVENT', { appId: APPID, server: 'x' }));
  assert.deepEqual(withApp.attrs, { protocol: '3.0', server: 'x' });
  assert.deepEqual(withApp.children[1]!.attrs, { appid: APPID, status: 'error-invalidEvent' });
});

test('a response with no apps is still a response', () => {
  const r: OmahaResponse = { server: 'hull', elapsedSeconds: 0, apps: [] };
  assert.equal(
    writeResponse(r),
    '<response protocol="3.0" server="hull"><daystart elapsed_seconds="0"></daystart></response>',
  );
});
