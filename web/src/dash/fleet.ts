// Loads the update service's catalogue at once: apps, their channels, groups and packages.
import { get } from './api.js';
import type { App, Channel, Group, Items, Package, VersionCount } from './types.js';

export interface Catalog {
  apps: App[];
  channels: Channel[];
  groups: Group[];
  packages: Package[];
}

export async function loadCatalog(): Promise<Catalog> {
  const apps = (await get<Items<App>>('/api/v1/apps')).items;
  const per = await Promise.all(
    apps.map(async (a) => {
      const [c, g, p] = await Promise.all([
        get<Items<Channel>>(`/api/v1/apps/${a.id}/channels`),
        get<Items<Group>>(`/api/v1/apps/${a.id}/groups`),
        get<Items<Package>>(`/api/v1/apps/${a.id}/packages`),
      ]);
      return { channels: c.items, groups: g.items, packages: p.items };
    }),
  );
  return {
    apps,
    channels: per.flatMap((x) => x.channels),
    groups: per.flatMap((x) => x.groups),
    packages: per.flatMap((x) => x.packages),
  };
}

export const breakdown = (g: Group) =>
  get<Items<VersionCount>>(`/api/v1/apps/${g.appId}/groups/${g.id}/version-breakdown`).then((r) => r.items);

export { compareVersions } from './versions.js';
