import type { Clc } from '../decode.js';

/** `update` → the update.conf lines (GROUP first, lower-cased), '' when there is none. */
export function updateConfText(update: Clc | undefined): string {
  let conf = '';
  if (update === undefined) return conf;
  if (update['group'] !== '') conf += `GROUP=${(update['group'] as string).toLowerCase()}`;
  for (const [k, v] of [
    ['server', 'SERVER'],
    ['pcr_policy_server', 'PCR_POLICY_SERVER'],
    ['download_user', 'DOWNLOAD_USER'],
    ['download_password', 'DOWNLOAD_PASSWORD'],
    ['machine_alias', 'MACHINE_ALIAS'],
  ] as const) {
    if (update[k] !== '') conf += `\n${v}=${update[k] as string}`;
  }
  return conf;
}
