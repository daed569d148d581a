import type { JsonPath } from '../../../core/index.js';
import { ct } from '../messages.js';
import { goUrlParseError } from '../../../go/index.js';
import type { Clc } from '../decode.js';
import { type ConvertContext, type Obj, verification } from './context.js';

/** `ignition.timeouts` and `ignition.config` (append, replace). */
export function convertIgnition(ctx: ConvertContext): void {
  const { ts, out } = ctx;
  const ign = ctx.cfg['ignition'] as Clc;
  const t = ign['timeouts'] as Clc;
  if (t['http_response_headers'] !== undefined)
    out.ignition.timeouts['httpResponseHeaders'] = t['http_response_headers'];
  if (t['http_total'] !== undefined) out.ignition.timeouts['httpTotal'] = t['http_total'];
  ts.add(['ignition', 'timeouts', 'http_response_headers'], ['ignition', 'timeouts', 'httpResponseHeaders']);
  ts.add(['ignition', 'timeouts', 'http_total'], ['ignition', 'timeouts', 'httpTotal']);
  const append: Obj[] = [];
  (ign['config']['append'] as Clc[]).forEach((ref, i) => {
    const o = configRef(ctx, ref, ['ignition', 'config', 'append', i], ['ignition', 'config', 'append', append.length]);
    if (o !== undefined) append.push(o);
  });
  if (append.length > 0) out.ignition.config['append'] = append;
  if (ign['config']['replace'] !== undefined) {
    const o = configRef(
      ctx,
      ign['config']['replace'] as Clc,
      ['ignition', 'config', 'replace'],
      ['ignition', 'config', 'replace'],
    );
    if (o !== undefined) out.ignition.config['replace'] = o;
  }
}

function configRef(ctx: ConvertContext, ref: Clc, from: JsonPath, to: JsonPath): Obj | undefined {
  const err = goUrlParseError(ref['source'] as string);
  if (err !== undefined) {
    ctx.issues.push(ct.error('CT_URL_INVALID', [...from, 'source'], { error: err }));
    return undefined;
  }
  const o: Obj = { source: ref['source'], verification: verification(ref['verification'] as Clc) };
  ctx.ts
    .add(from, to)
    .add([...from, 'source'], [...to, 'source'])
    .add([...from, 'verification'], [...to, 'verification'])
    .add([...from, 'verification', 'hash'], [...to, 'verification', 'hash']);
  return o;
}

/** `ignition.security.tls.certificate_authorities`. */
export function convertSecurity(ctx: ConvertContext): void {
  const ign = ctx.cfg['ignition'] as Clc;
  const cas = (ign['security']['tls']['certificate_authorities'] as Clc[]).map((ca, i) => {
    const from: JsonPath = ['ignition', 'security', 'tls', 'certificate_authorities', i];
    const to: JsonPath = ['ignition', 'security', 'tls', 'certificateAuthorities', i];
    ctx.ts
      .add(from, to)
      .add([...from, 'source'], [...to, 'source'])
      .add([...from, 'verification'], [...to, 'verification'])
      .add([...from, 'verification', 'hash'], [...to, 'verification', 'hash']);
    return { source: ca['source'], verification: verification(ca['verification'] as Clc) };
  });
  if (cas.length > 0) ctx.out.ignition.security.tls['certificateAuthorities'] = cas;
}
