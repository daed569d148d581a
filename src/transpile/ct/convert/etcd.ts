import type { Clc } from '../decode.js';
import { type ConvertContext, daemonDropin, putFrom } from './context.js';

/** `etcd` → an etcd-member.service drop-in running etcd-wrapper. */
export function convertEtcd(ctx: ConvertContext): void {
  const etcd = ctx.cfg['etcd'] as Clc | undefined;
  if (etcd === undefined) return;
  const r = daemonDropin(etcd, 'ETCD_IMAGE_TAG', '/usr/lib/coreos/etcd-wrapper $ETCD_OPTS', ctx.opts.platform, []);
  if ('error' in r) ctx.failures.push(r.error);
  else
    ctx.units.push({
      name: 'etcd-member.service',
      enable: true,
      dropins: [{ name: '20-clct-etcd-member.conf', contents: r.text }],
    });
  putFrom(ctx, ['etcd'], ['systemd', 'units', ctx.units.length - 1], ctx.units[ctx.units.length - 1]);
}
