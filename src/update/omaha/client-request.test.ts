// The request writer gives the real update_engine's bytes: every recorded request
// (test/fixtures/update/omaha/requests/ and the real client against hull serve in
// test/fixtures/update/real-client/) is rebuilt from its own values, byte for byte.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import {
  libxmlEscape,
  writeClientRequest,
  type ClientIdentity,
  type ClientMessage,
  type InstallSource,
} from './index.js';

const REQ = fileURLToPath(new URL('../../../test/fixtures/update/omaha/requests/', import.meta.url));
const REAL = fileURLToPath(new URL('../../../test/fixtures/update/real-client/', import.meta.url));

const xmlUnescape = (s: string): string =>
  s
    .replace(/&#x([0-9A-F]+);/g, (_m, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#13;', '\r')
    .replaceAll('&amp;', '&');

const APP =
  /<app appid="(.*?)" version="(.*?)" track="(.*?)" bootid="(.*?)" oem="(.*?)" oemversion="(.*?)" alephversion="(.*?)" machineid="(.*?)" machinealias="(.*)" lang="en-US" board="(.*?)" hardware_class="" delta_okay="false" >/;

/** The inputs a recorded body was made from, read back out of it. */
function inputsOf(body: string): { id: ClientIdentity; source: InstallSource; message: ClientMessage } {
  const a = APP.exec(body);
  assert.ok(a, 'an <app> line in update_engine layout');
  const sp = /sp="([0-9.]*)_([^"]*)"/.exec(body)!;
  const [, appId, version, track, bootId, oem, oemVersion, alephVersion, machineId, alias, board] = a.map((x) =>
    xmlUnescape(x ?? ''),
  ) as string[];
  const id: ClientIdentity = {
    appId: appId!,
    version: version!,
    machineArch: sp[2]!,
    track: track!,
    bootId: bootId!,
    oem: oem!,
    oemVersion: oemVersion!,
    alephVersion: alephVersion!,
    machineId: machineId!,
    machineAlias: alias!,
    board: board!,
  };
  const source = /installsource="([a-z]+)"/.exec(body)![1] as InstallSource;
  let message: ClientMessage;
  const ev =
    /<event eventtype="(\d+)" eventresult="(\d+)"(?: errorcode="(\d+)")?(?: previousversion="(.*?)")?><\/event>/.exec(
      body,
    );
  if (body.includes('<updatecheck>')) {
    message =
      ev![3] === '44' ? { kind: 'check', rollback: true } : { kind: 'check', previousVersion: xmlUnescape(ev![4]!) };
  } else if (ev) {
    message = {
      kind: 'event',
      type: Number(ev[1]),
      result: Number(ev[2]),
      ...(ev[3] !== undefined ? { errorCode: Number(ev[3]) } : {}),
    };
  } else message = { kind: 'ping' };
  return { id, source, message };
}

function recorded(): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = [];
  for (const f of readdirSync(REQ).filter((f) => f.endsWith('.xml')))
    out.push({ name: f, body: readFileSync(REQ + f, 'utf8') });
  for (const f of readdirSync(`${REQ}malformed`))
    out.push({ name: `malformed/${f}`, body: readFileSync(`${REQ}malformed/${f}`, 'utf8') });
  for (const dir of readdirSync(REAL, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(REAL + dir.name).filter((f) => f.endsWith('-request.http'))) {
      const raw = readFileSync(`${REAL}${dir.name}/${f}`, 'utf8');
      if (!raw.startsWith('POST ')) continue;
      out.push({ name: `real-client/${dir.name}/${f}`, body: raw.slice(raw.indexOf('\r\n\r\n') + 4) });
    }
  }
  return out;
}

test('every recorded request of the real client is rebuilt byte for byte from its values', () => {
  const all = recorded();
  assert.ok(all.length >= 30, `${all.length} recordings`);
  const kinds = new Set<string>();
  for (const { name, body } of all) {
    const { id, source, message } = inputsOf(body);
    kinds.add(message.kind === 'check' && message.rollback ? 'rollback' : message.kind);
    assert.equal(writeClientRequest(id, source, message), body, name);
  }
  assert.deepEqual([...kinds].sort(), ['check', 'event', 'ping', 'rollback']);
});

test("libxml2's escaping: <, >, & as entities, non-ASCII as &#xNN;, a double quote left alone", () => {
  assert.equal(libxmlEscape('café & <co>'), 'caf&#xE9; &amp; &lt;co&gt;');
  assert.equal(libxmlEscape('say "hi"'), 'say "hi"');
  assert.equal(libxmlEscape('😀\r'), '&#x1F600;&#13;');
});

test('errorcode only when the result is not 1; flags kept as unsigned', () => {
  const id = inputsOf(readFileSync(`${REQ}event-13-1-download-started.xml`, 'utf8')).id;
  assert.match(
    writeClientRequest(id, 'scheduler', { kind: 'event', type: 3, result: 0, errorCode: 18 | 0x10000000 }),
    /<event eventtype="3" eventresult="0" errorcode="268435474"><\/event>/,
  );
  assert.match(
    writeClientRequest(id, 'scheduler', { kind: 'event', type: 3, result: 1, errorCode: 5 }),
    /<event eventtype="3" eventresult="1"><\/event>/,
  );
  assert.match(
    writeClientRequest(id, 'scheduler', { kind: 'event', type: 3, result: 0, errorCode: 0x80000001 }),
    /errorcode="2147483649"/,
  );
});
