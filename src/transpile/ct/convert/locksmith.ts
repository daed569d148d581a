import { goQuote } from '../../../go/index.js';
import type { Clc } from '../decode.js';

/** `locksmith` → its update.conf lines (values Go-quoted). */
export function locksmithConfLines(ls: Clc | undefined): string[] {
  const lines: string[] = [];
  if (ls === undefined) return lines;
  for (const [k, v] of [
    ['reboot_strategy', 'REBOOT_STRATEGY'],
    ['window_start', 'LOCKSMITHD_REBOOT_WINDOW_START'],
    ['window_length', 'LOCKSMITHD_REBOOT_WINDOW_LENGTH'],
    ['group', 'LOCKSMITHD_GROUP'],
    ['etcd_endpoints', 'LOCKSMITHD_ENDPOINT'],
    ['etcd_cafile', 'LOCKSMITHD_ETCD_CAFILE'],
    ['etcd_certfile', 'LOCKSMITHD_ETCD_CERTFILE'],
    ['etcd_keyfile', 'LOCKSMITHD_ETCD_KEYFILE'],
  ] as const) {
    if (ls[k] !== undefined) lines.push(`${v}=${goQuote(ls[k] as string)}`);
  }
  return lines;
}
