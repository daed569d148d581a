/** ct's platforms (-platform) and the metadata variable of each dynamic-data field. */
export const PLATFORMS = [
  'azure',
  'digitalocean',
  'ec2',
  'gce',
  'packet',
  'openstack-metadata',
  'vagrant-virtualbox',
  'cloudstack-configdrive',
  'custom',
] as const;

const T: Record<string, Record<string, string>> = {
  azure: { PRIVATE_IPV4: 'COREOS_AZURE_IPV4_DYNAMIC', PUBLIC_IPV4: 'COREOS_AZURE_IPV4_VIRTUAL' },
  digitalocean: {
    HOSTNAME: 'COREOS_DIGITALOCEAN_HOSTNAME',
    PRIVATE_IPV4: 'COREOS_DIGITALOCEAN_IPV4_PRIVATE_0',
    PUBLIC_IPV4: 'COREOS_DIGITALOCEAN_IPV4_PUBLIC_0',
    PRIVATE_IPV6: 'COREOS_DIGITALOCEAN_IPV6_PRIVATE_0',
    PUBLIC_IPV6: 'COREOS_DIGITALOCEAN_IPV6_PUBLIC_0',
  },
  ec2: {
    HOSTNAME: 'COREOS_EC2_HOSTNAME',
    PRIVATE_IPV4: 'COREOS_EC2_IPV4_LOCAL',
    PUBLIC_IPV4: 'COREOS_EC2_IPV4_PUBLIC',
  },
  gce: {
    HOSTNAME: 'COREOS_GCE_HOSTNAME',
    PRIVATE_IPV4: 'COREOS_GCE_IP_LOCAL_0',
    PUBLIC_IPV4: 'COREOS_GCE_IP_EXTERNAL_0',
  },
  packet: {
    HOSTNAME: 'COREOS_PACKET_HOSTNAME',
    PRIVATE_IPV4: 'COREOS_PACKET_IPV4_PRIVATE_0',
    PUBLIC_IPV4: 'COREOS_PACKET_IPV4_PUBLIC_0',
    PUBLIC_IPV6: 'COREOS_PACKET_IPV6_PUBLIC_0',
  },
  'openstack-metadata': {
    HOSTNAME: 'COREOS_OPENSTACK_HOSTNAME',
    PRIVATE_IPV4: 'COREOS_OPENSTACK_IPV4_LOCAL',
    PUBLIC_IPV4: 'COREOS_OPENSTACK_IPV4_PUBLIC',
  },
  'vagrant-virtualbox': {
    HOSTNAME: 'COREOS_VAGRANT_VIRTUALBOX_HOSTNAME',
    PRIVATE_IPV4: 'COREOS_VAGRANT_VIRTUALBOX_PRIVATE_IPV4',
  },
  'cloudstack-configdrive': { HOSTNAME: 'CLOUDSTACK_LOCAL_HOSTNAME' },
  custom: {
    HOSTNAME: 'COREOS_CUSTOM_HOSTNAME',
    PRIVATE_IPV4: 'COREOS_CUSTOM_PRIVATE_IPV4',
    PUBLIC_IPV4: 'COREOS_CUSTOM_PUBLIC_IPV4',
    PRIVATE_IPV6: 'COREOS_CUSTOM_PRIVATE_IPV6',
    PUBLIC_IPV6: 'COREOS_CUSTOM_PUBLIC_IPV6',
  },
};

export const isSupportedPlatform = (p: string): boolean => p === '' || (PLATFORMS as readonly string[]).includes(p);

export const hasTemplating = (args: readonly string[]): boolean => args.some((a) => a.includes('{') || a.includes('}'));

/**
 * Replaces `{FIELD}` by `${VAR}` of the platform, walking each value as ct's
 * templating does (including how it resumes after a replacement).
 */
export function performTemplating(platform: string, args: readonly string[]): { args: string[] } | { error: string } {
  const table = T[platform];
  if (table === undefined) return { error: 'unsupported platform' };
  const out = [...args];
  for (let i = 0; i < out.length; i++) {
    let s = out[i]!;
    let start = s.indexOf('{');
    let end = s.indexOf('}');
    while (start !== -1 && end !== -1 && start < end) {
      const field = s.slice(start + 1, end);
      const v = table[field];
      if (v === undefined) return { error: 'unknown field' };
      s = s.replace(`{${field}}`, `\${${v}}`);
      start = s.slice(end).indexOf('{');
      if (start !== -1) {
        start += end;
        end = s.slice(start).indexOf('}');
        if (end !== -1) end += start;
      }
    }
    out[i] = s;
  }
  return { args: out };
}
