import { type ConvertContext, putFrom } from './context.js';

/** The coreos-metadata units some platforms need (ct's platform converter). */
export function convertPlatform(ctx: ConvertContext): void {
  const p = ctx.opts.platform;
  if (p !== 'openstack-metadata' && p !== 'cloudstack-configdrive') return;
  const dropins = [
    {
      name: '20-clct-provider-override.conf',
      contents: `[Service]\nEnvironment=COREOS_METADATA_OPT_PROVIDER=--provider=${p}`,
    },
  ];
  ctx.units.push({ name: 'coreos-metadata.service', dropins });
  ctx.units.push({ name: 'coreos-metadata-sshkeys@.service', enabled: true, dropins });
  putFrom(ctx, [], ['systemd', 'units', 0], ctx.units[0]);
  putFrom(ctx, [], ['systemd', 'units', 1], ctx.units[1]);
}
