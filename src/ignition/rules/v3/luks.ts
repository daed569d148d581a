import type { JsonPath } from '../../../core/index.js';
import type { V3Features } from './features.js';
import { validatePath } from '../common/path.js';
import { checkResource } from './resource.js';
import type { V3Clevis, V3Luks } from './shape.js';
import type { Sink } from '../common/sink.js';
import { parseGoUrl } from '../../../go/index.js';
import { validateUrlNilOK } from '../common/url.js';
import { utf8Length } from './storage.js';

const set = (s: string | undefined) => s !== undefined && s !== '';

function clevisPresent(c: V3Clevis | undefined): boolean {
  if (c === undefined) return false;
  return set(c.custom?.pin) || c.tang.length > 0 || c.tpm2 === true || (c.threshold !== undefined && c.threshold !== 0);
}

/** Luks.Validate, then its cex, clevis (custom pin, tang servers) and keyFile. */
export function checkLuks(l: V3Luks, at: JsonPath, f: V3Features, sink: Sink): void {
  if (l.name.includes('/')) sink.error('IGN_LUKS_NAME_SLASH', [...at, 'name']);
  if (set(l.label) && utf8Length(l.label!) > 47) sink.error('IGN_LUKS_LABEL_TOO_LONG', [...at, 'label']);
  if (!set(l.device)) sink.error('IGN_DISK_DEVICE_REQUIRED', [...at, 'device']);
  else sink.on([...at, 'device'], validatePath(l.device!));
  const c = l.clevis;
  if (c !== undefined) {
    const others = c.tang.length > 0 || c.tpm2 === true || (c.threshold !== undefined && c.threshold !== 0);
    const custom = f.clevisCustom === 'pointer' ? c.custom !== undefined : set(c.custom?.pin);
    if (custom && others) sink.error('IGN_CLEVIS_CUSTOM_WITH_OTHERS', [...at, 'clevis']);
  }
  // Ignition reports a bad key file under "keys", a key the config does not have.
  if (validateUrlNilOK(l.keyFile.source, f.schemes) !== undefined)
    sink.error('IGN_LUKS_KEY_FILE_INVALID', [...at, 'keys']);
  const cex = f.cex && l.cex?.enabled === true;
  if (cex && clevisPresent(c)) sink.error('IGN_CEX_WITH_CLEVIS', [...at, 'cex']);
  if (cex && set(l.keyFile.source)) sink.error('IGN_CEX_WITH_KEY_FILE', [...at, 'cex']);
  if (c !== undefined) {
    if (c.custom !== undefined) checkCustom(c.custom, [...at, 'clevis', 'custom'], f, sink);
    c.tang.forEach((t, i) => {
      const tat = [...at, 'clevis', 'tang', i];
      const u = parseGoUrl(t.url);
      if (u === undefined) sink.error('IGN_URL_INVALID', [...tat, 'url']);
      else if (u.scheme !== 'http' && u.scheme !== 'https') sink.error('IGN_URL_SCHEME_INVALID', [...tat, 'url']);
      if (!set(t.thumbprint)) sink.error('IGN_TANG_THUMBPRINT_REQUIRED', [...tat, 'thumbprint']);
      if (f.tangAdvertisement && set(t.advertisement) && !isJson(t.advertisement!)) {
        sink.error('IGN_TANG_ADVERTISEMENT_INVALID', [...tat, 'advertisement']);
      }
    });
  }
  checkResource(l.keyFile, [...at, 'keyFile'], f, sink);
}

function checkCustom(cu: NonNullable<V3Clevis['custom']>, at: JsonPath, f: V3Features, sink: Sink): void {
  if (f.clevisCustom === 'pointer') {
    // 3.2: pin and config are plain strings.
    if (!set(cu.pin) && !set(cu.config)) return;
    if (!['tpm2', 'tang', 'sss'].includes(cu.pin ?? '')) sink.error('IGN_CLEVIS_PIN_UNKNOWN', [...at, 'pin']);
    if (!set(cu.config)) sink.error('IGN_CLEVIS_CONFIG_REQUIRED', [...at, 'config']);
    return;
  }
  if (!set(cu.pin) && !set(cu.config) && cu.needsNetwork !== true) return;
  if (!set(cu.pin)) sink.error('IGN_CLEVIS_PIN_REQUIRED', [...at, 'pin']);
  else if (f.clevisPinCheck && !['tpm2', 'tang', 'sss'].includes(cu.pin!))
    sink.error('IGN_CLEVIS_PIN_UNKNOWN', [...at, 'pin']);
  if (!set(cu.config)) sink.error('IGN_CLEVIS_CONFIG_REQUIRED', [...at, 'config']);
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
