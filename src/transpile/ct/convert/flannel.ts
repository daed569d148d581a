import { goQuote } from '../../../go/index.js';
import type { Clc } from '../decode.js';
import { type ConvertContext, daemonDropin, putFrom } from './context.js';

/** `flannel` → a flanneld.service drop-in; `network_config` becomes an etcdctl ExecStartPre. */
export function convertFlannel(ctx: ConvertContext): void {
  const flannel = ctx.cfg['flannel'] as Clc | undefined;
  if (flannel === undefined) return;
  const opt = flannel['options'] as Record<string, unknown>;
  const extra: string[] = [];
  if (flannel['network_config'] !== '') {
    let pre = 'ExecStartPre=/usr/bin/etcdctl';
    for (const [k, flag] of [
      ['etcd_endpoints', 'endpoints'],
      ['etcd_cafile', 'ca-file'],
      ['etcd_certfile', 'cert-file'],
      ['etcd_keyfile', 'key-file'],
    ] as const) {
      if (opt[k] !== undefined) pre += ` --${flag}=${goQuote(opt[k] as string)}`;
    }
    extra.push(`${pre} set /coreos.com/network/config ${goQuote(flannel['network_config'] as string)}`);
  }
  const r = daemonDropin(
    flannel,
    'FLANNEL_IMAGE_TAG',
    '/usr/lib/coreos/flannel-wrapper $FLANNEL_OPTS',
    ctx.opts.platform,
    extra,
  );
  if ('error' in r) ctx.failures.push(r.error);
  else
    ctx.units.push({
      name: 'flanneld.service',
      enable: true,
      dropins: [{ name: '20-clct-flannel.conf', contents: r.text }],
    });
  putFrom(ctx, ['flannel'], ['systemd', 'units', ctx.units.length - 1], ctx.units[ctx.units.length - 1]);
}
