import { Report } from '../../../core/index.js';
import { checkDuplicates } from './dups.js';
import type { V3Features } from './features.js';
import { checkLuks } from './luks.js';
import { checkRequiredSource, checkResource } from './resource.js';
import type { V3Config } from './shape.js';
import { Sink } from '../common/sink.js';
import { checkStorage, checkStorageEntries } from './storage.js';
import { checkSystemd, checkSystemdConflicts } from './systemd.js';
import { validateUrl } from '../common/url.js';

/**
 * The semantic rules of a 3.x spec version over a decoded config, in the
 * order Ignition reports them: every type's Validate walking the config
 * (a struct before its fields, fields in struct order), then the duplicate
 * checks in the same walk order. The version check itself is done by the caller.
 */
export function validateV3(cfg: V3Config, f: V3Features): Report {
  const sink = new Sink();
  checkSystemdConflicts(cfg, sink);

  const ign = cfg.ignition;
  const ref = f.requiredSources ? 'resource' : 'reference';
  if (f.requiredSources)
    ign.config.merge.forEach((r, i) => checkRequiredSource(r, ['ignition', 'config', 'merge', i], f, sink));
  ign.config.merge.forEach((r, i) => checkResource(r, ['ignition', 'config', 'merge', i], f, sink, ref));
  checkResource(ign.config.replace, ['ignition', 'config', 'replace'], f, sink, ref);
  if (ign.proxy !== undefined) {
    const proxy = (value: string | undefined, key: string, httpOk: boolean) => {
      if (value === undefined) return;
      const at = ['ignition', 'proxy', key];
      const code = validateUrl(value, ['http', 'https']);
      if (code === 'IGN_URL_INVALID') return sink.error('IGN_URL_INVALID', at);
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
      if (scheme !== 'http' && scheme !== 'https') return sink.error('IGN_PROXY_INVALID', at);
      if (scheme === 'http' && !httpOk) sink.warn('IGN_PROXY_INSECURE', at);
    };
    proxy(ign.proxy.httpProxy, 'httpProxy', true);
    proxy(ign.proxy.httpsProxy, 'httpsProxy', false);
  }
  const cas = ign.security.tls.certificateAuthorities;
  const caPath = ['ignition', 'security', 'tls', 'certificateAuthorities'];
  if (f.requiredSources) cas.forEach((r, i) => checkRequiredSource(r, [...caPath, i], f, sink));
  cas.forEach((r, i) => {
    if (f.requiredSources) return checkResource(r, [...caPath, i], f, sink, 'resource');
    // 3.0 CaReference: the source is required to be a valid URL, even when empty.
    sink.on([...caPath, i, 'source'], validateUrl(r.source ?? '', f.schemes));
    checkResource({ ...r, source: undefined }, [...caPath, i], f, sink, 'reference');
  });

  checkStorage(cfg.storage, f, sink);
  checkStorageEntries(cfg.storage, f, sink, () =>
    (cfg.storage.luks ?? []).forEach((l, i) => checkLuks(l, ['storage', 'luks', i], f, sink)),
  );
  checkSystemd(cfg.systemd, sink);
  checkDuplicates(cfg, sink);
  return new Report(sink.issues);
}
