/**
 * Private: the element tree of a `<request>` → the request model. Every
 * attribute read is decoded strictly (xml-text.ts); unknown attributes and
 * elements are left out.
 */
import type { OmahaCodecErrorCode } from './codes.js';
import type { OmahaErrorCode, OmahaRequest, OmahaRequestApp, OmahaRequestEvent } from './model.js';
import type { XmlElement } from './_xml-tree.js';
import { decodeAttributeValue } from './xml-text.js';
import { splitErrorCode } from './error-codes.js';

export class ReadFailure {
  constructor(
    readonly code: OmahaCodecErrorCode,
    readonly message: string,
  ) {}
}

type Attrs = Record<string, string | undefined>;

/** Decodes the named attributes; the model's key → the XML attribute name. */
function read<K extends string>(
  el: XmlElement,
  where: string,
  names: Readonly<Record<K, string>>,
): Partial<Record<K, string>> {
  const out: Attrs = {};
  for (const [key, xmlName] of Object.entries<string>(names)) {
    const raw = Object.hasOwn(el.attrs, xmlName) ? el.attrs[xmlName] : undefined;
    if (raw === undefined) continue;
    const value = decodeAttributeValue(raw);
    if (value === undefined) {
      throw new ReadFailure(
        'OMAHA_NOT_XML',
        `${where}/@${xmlName}: the value is not well-formed XML (a bare "&" or "<", or an entity other than &amp; &lt; &gt; &quot; &apos; and character references)`,
      );
    }
    out[key] = value;
  }
  return out as Partial<Record<K, string>>;
}

function first(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.get(name)?.[0];
}

const NON_NEGATIVE = /^\s*\+?(\d{1,10})\s*$/;
const INTEGER = /^\s*([+-]?\d{1,10})\s*$/;

function eventNumber(raw: string | undefined, where: string, name: string): number {
  const m = raw === undefined ? null : NON_NEGATIVE.exec(raw);
  const n = m === null ? NaN : Number(m[1]);
  if (!(n <= 0x7fffffff)) {
    const what = raw === undefined ? 'is missing' : `is "${raw.slice(0, 40)}", not a non-negative integer`;
    throw new ReadFailure('OMAHA_BAD_EVENT', `${where}/@${name} ${what}`);
  }
  return n;
}

function errorCode(raw: string, where: string): OmahaErrorCode {
  const m = INTEGER.exec(raw);
  const n = m === null ? NaN : Number(m[1]);
  if (!(n >= -0x80000000 && n <= 0xffffffff)) {
    throw new ReadFailure('OMAHA_BAD_EVENT', `${where}/@errorcode is "${raw.slice(0, 40)}", not a 32-bit integer`);
  }
  return { raw, ...splitErrorCode(n) };
}

function readEvent(el: XmlElement, where: string): OmahaRequestEvent {
  const a = read(el, where, {
    type: 'eventtype',
    result: 'eventresult',
    errorCode: 'errorcode',
    previousVersion: 'previousversion',
    nextVersion: 'nextversion',
  });
  return {
    type: eventNumber(a.type, where, 'eventtype'),
    result: eventNumber(a.result, where, 'eventresult'),
    ...(a.errorCode !== undefined ? { errorCode: errorCode(a.errorCode, where) } : {}),
    ...(a.previousVersion !== undefined ? { previousVersion: a.previousVersion } : {}),
    ...(a.nextVersion !== undefined ? { nextVersion: a.nextVersion } : {}),
  };
}

const APP_ATTRIBUTES = {
  appId: 'appid',
  version: 'version',
  track: 'track',
  bootId: 'bootid',
  oem: 'oem',
  oemVersion: 'oemversion',
  alephVersion: 'alephversion',
  machineId: 'machineid',
  machineAlias: 'machinealias',
  lang: 'lang',
  board: 'board',
  hardwareClass: 'hardware_class',
  deltaOkay: 'delta_okay',
  fromTrack: 'from_track',
  nextVersion: 'nextversion',
  installAge: 'installage',
  client: 'client',
  multiManifestOk: 'multi_manifest_ok',
} as const;

function readApp(el: XmlElement, where: string): OmahaRequestApp {
  const { appId, ...attrs } = read(el, where, APP_ATTRIBUTES);
  if (appId === undefined || appId.trim() === '') {
    throw new ReadFailure('OMAHA_MISSING_APPID', `${where} has ${appId === undefined ? 'no appid' : 'an empty appid'}`);
  }
  const ping = first(el, 'ping');
  const check = first(el, 'updatecheck');
  const events = el.children.get('event') ?? [];
  return {
    appId,
    ...attrs,
    ...(ping !== undefined ? { ping: read(ping, `${where}/ping`, { active: 'active', a: 'a', r: 'r' }) } : {}),
    ...(check !== undefined
      ? { updateCheck: read(check, `${where}/updatecheck`, { targetVersionPrefix: 'targetversionprefix' }) }
      : {}),
    events: events.map((e, i) => readEvent(e, `${where}/event[${i + 1}]`)),
  };
}

/** Throws ReadFailure (only) on a request the server must refuse. */
export function readRequest(root: XmlElement): OmahaRequest {
  const r = read(root, '/request', {
    protocol: 'protocol',
    version: 'version',
    updaterVersion: 'updaterversion',
    installSource: 'installsource',
    isMachine: 'ismachine',
    requestId: 'requestid',
    sessionId: 'sessionid',
  });
  if (r.protocol !== '3.0') {
    const said = r.protocol === undefined ? 'no protocol attribute' : `protocol "${r.protocol.slice(0, 40)}"`;
    throw new ReadFailure('OMAHA_WRONG_PROTOCOL', `/request has ${said}; only Omaha "3.0" is spoken`);
  }
  const os = first(root, 'os');
  const apps = root.children.get('app') ?? [];
  if (apps.length === 0) throw new ReadFailure('OMAHA_NO_APP', '/request holds no <app> element');
  return {
    ...r,
    protocol: r.protocol,
    ...(os !== undefined
      ? { os: read(os, '/request/os', { version: 'version', platform: 'platform', sp: 'sp', arch: 'arch' }) }
      : {}),
    apps: apps.map((a, i) => readApp(a, `/request/app[${i + 1}]`)),
  };
}
