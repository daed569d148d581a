/**
 * The Omaha request as Flatcar's update_engine writes it, byte for byte
 * (update-engine-observed.md §2): the prolog, `<request …>` on one line,
 * `<os>` and `<app>` indented 4 spaces, children of `app` 8, a newline after
 * every element and at the end, one space before the `>` of `<app … >`, and
 * libxml2's attribute escaping (`<`, `>`, `&` as entities, CR as `&#13;`,
 * non-ASCII as `&#xNN;`, and a double quote NOT escaped).
 */

/** update_engine's package version, sent as `version` and `updaterversion`. */
export const CLIENT_UPDATER_VERSION = 'update_engine-0.4.10';

export type InstallSource = 'ondemandupdate' | 'scheduler';

/** What identifies the machine in every request (re-read before each one). */
export interface ClientIdentity {
  readonly appId: string;
  /** The running OS version (FLATCAR_RELEASE_VERSION). */
  readonly version: string;
  /** `uname -m` (e.g. x86_64): `os/@sp` is `<version>_<arch>`. */
  readonly machineArch: string;
  /** GROUP. */
  readonly track: string;
  /** The boot id with braces, e.g. `{3d1d4d17-…}`. */
  readonly bootId: string;
  readonly oem: string;
  readonly oemVersion: string;
  readonly alephVersion: string;
  readonly machineId: string;
  readonly machineAlias: string;
  readonly board: string;
  readonly updaterVersion?: string;
}

/** The children of `<app>`. */
export type ClientMessage =
  /** An update check: ping, updatecheck and event 3/2 with previousversion, or the bare rollback report 3/0 44. */
  | { readonly kind: 'check'; readonly previousVersion: string; readonly rollback?: false }
  | { readonly kind: 'check'; readonly rollback: true }
  /** A scheduled ping while UPDATED_NEED_REBOOT. */
  | { readonly kind: 'ping' }
  /** A progress or result event; `errorCode` is written only when the result is not 1. */
  | { readonly kind: 'event'; readonly type: number; readonly result: number; readonly errorCode?: number };

/** libxml2's xmlEncodeEntitiesReentrant as update_engine uses it for attribute values. */
export function libxmlEscape(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '&') out += '&amp;';
    else if (ch === '\r') out += '&#13;';
    else if (cp >= 0x80) out += `&#x${cp.toString(16).toUpperCase()};`;
    else out += ch;
  }
  return out;
}

const attrs = (pairs: readonly (readonly [string, string])[]): string =>
  pairs.map(([k, v]) => ` ${k}="${libxmlEscape(v)}"`).join('');

function event(type: number, result: number, extra: readonly (readonly [string, string])[] = []): string {
  return `        <event${attrs([['eventtype', String(type)], ['eventresult', String(result)], ...extra])}></event>\n`;
}

function children(m: ClientMessage): string {
  switch (m.kind) {
    case 'check':
      return (
        '        <ping active="1"></ping>\n        <updatecheck></updatecheck>\n' +
        (m.rollback === true
          ? event(3, 0, [['errorcode', '44']])
          : event(3, 2, [['previousversion', m.previousVersion]]))
      );
    case 'ping':
      return '        <ping active="1"></ping>\n';
    case 'event':
      return event(m.type, m.result, m.result !== 1 ? [['errorcode', String((m.errorCode ?? 1) >>> 0)]] : []);
  }
}

/** The request body update_engine would send for this message. */
export function writeClientRequest(id: ClientIdentity, installSource: InstallSource, message: ClientMessage): string {
  const uv = id.updaterVersion ?? CLIENT_UPDATER_VERSION;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<request${attrs([
      ['protocol', '3.0'],
      ['version', uv],
      ['updaterversion', uv],
      ['installsource', installSource],
      ['ismachine', '1'],
    ])}>\n` +
    `    <os${attrs([
      ['version', 'Chateau'],
      ['platform', 'CoreOS'],
      ['sp', `${id.version}_${id.machineArch}`],
    ])}></os>\n` +
    `    <app${attrs([
      ['appid', id.appId],
      ['version', id.version],
      ['track', id.track],
      ['bootid', id.bootId],
      ['oem', id.oem],
      ['oemversion', id.oemVersion],
      ['alephversion', id.alephVersion],
      ['machineid', id.machineId],
      ['machinealias', id.machineAlias],
      ['lang', 'en-US'],
      ['board', id.board],
      ['hardware_class', ''],
      ['delta_okay', 'false'],
    ])} >\n` +
    children(message) +
    '    </app>\n</request>\n'
  );
}
