import type * as v2_3 from '../../v2_3/index.js';
import { str } from './build-v30.js';

type Header24 = { name: string; value: string };
type Ref24 = { httpHeaders?: Header24[]; source: string };

/**
 * A 2.4.0 config's fields spec 3.0 lacks, put on its 3.1+ translation (ign-converter's v24tov31):
 * `ignition.proxy`, and `httpHeaders` of config references, CAs and file contents (a header's
 * empty value becomes unset, as its StrP does). Files keep their order (networkd files come after).
 */
// biome-ignore lint/suspicious/noExplicitAny: the 3.0 output under construction, written by key
export function applyV24Extras(out: Record<string, any>, cfg: v2_3.Config): void {
  const c = cfg as unknown as {
    ignition: {
      config: { append: Ref24[]; replace?: Ref24 };
      proxy?: { httpProxy: string; httpsProxy: string; noProxy: string[] };
      security: { tls: { certificateAuthorities: Ref24[] } };
    };
    storage: { files: { append: boolean; contents: Ref24 }[] };
  };
  const hs = (r: Ref24 | undefined) => (r?.httpHeaders ?? []).map((h) => ({ name: h.name, value: str(h.value) }));
  const p = c.ignition.proxy;
  if (p !== undefined)
    out['ignition'].proxy = { httpProxy: str(p.httpProxy), httpsProxy: str(p.httpsProxy), noProxy: [...p.noProxy] };
  c.ignition.config.append.forEach((r, i) => (out['ignition'].config.merge[i].httpHeaders = hs(r)));
  if (c.ignition.config.replace !== undefined)
    out['ignition'].config.replace.httpHeaders = hs(c.ignition.config.replace);
  c.ignition.security.tls.certificateAuthorities.forEach(
    (r, i) => (out['ignition'].security.tls.certificateAuthorities[i].httpHeaders = hs(r)),
  );
  c.storage.files.forEach((f, i) => {
    const target = out['storage'].files[i];
    if (f.append) target.append[0].httpHeaders = hs(f.contents);
    else target.contents.httpHeaders = hs(f.contents);
  });
}
