/**
 * Zincati's node id: systemd's app-specific machine id
 * (`sd_id128_get_machine_app_specific`) for Zincati's app id
 * `de35106b6ec24688b63afddaa156679b`: HMAC-SHA256 keyed with the 16 bytes of
 * /etc/machine-id over the 16 bytes of the app id, the first 16 bytes, with
 * the UUID version-4 and variant bits set; 32 lower-case hex digits. Uses
 * WebCrypto (a global, no import). Pure.
 */

export const ZINCATI_APP_ID = 'de35106b6ec24688b63afddaa156679b';

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function isId128(s: string): boolean {
  return /^[0-9a-fA-F]{32}$/.test(s);
}

export async function appSpecificId(machineId: string, appId: string): Promise<string> {
  if (!isId128(machineId)) throw new Error(`machine id ${JSON.stringify(machineId)} is not 32 hex digits`);
  if (!isId128(appId)) throw new Error(`app id ${JSON.stringify(appId)} is not 32 hex digits`);
  const key = await crypto.subtle.importKey(
    'raw',
    hexBytes(machineId.toLowerCase()),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, hexBytes(appId.toLowerCase())));
  const id = mac.slice(0, 16);
  id[6] = ((id[6] ?? 0) & 0x0f) | 0x40;
  id[8] = ((id[8] ?? 0) & 0x3f) | 0x80;
  return Array.from(id, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function zincatiNodeId(machineId: string): Promise<string> {
  return appSpecificId(machineId, ZINCATI_APP_ID);
}
