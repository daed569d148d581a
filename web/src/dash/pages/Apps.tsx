// Apps, their channels (promote, floors), packages (upload with progress, blacklists) and groups.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, get, uploadFile, type ApiError } from '../api.js';
import { AdminOnly, useAuth } from '../auth.js';
import { compareVersions } from '../fleet.js';
import { ARCHES } from '../../../../src/update/server/model.js';
import type { App, Channel, Floor, Group, Items, Package } from '../types.js';
import { asApiError, bytes, Empty, ErrorBox, Load, useApi, useLoad, useTitle } from '../ui.js';

export function AppsPage() {
  useTitle('Apps');
  const apps = useApi<Items<App>>('/api/v1/apps');
  return (
    <>
      <h1>Apps</h1>
      <Load state={apps} what="load the apps">
        {({ items }) =>
          items.length === 0 ? (
            <Empty title="No apps.">
              Create one with POST /api/v1/apps (the Flatcar app is made at the first start).
            </Empty>
          ) : (
            <ul className="plain cards">
              {items.map((a) => (
                <li key={a.id} className="card">
                  <h2>
                    <Link to={`/apps/${a.id}`}>{a.name}</Link>
                  </h2>
                  <p>{a.description}</p>
                  <code>{a.id}</code>
                </li>
              ))}
            </ul>
          )
        }
      </Load>
    </>
  );
}

async function loadApp(appId: string) {
  const [app, channels, groups, packages] = await Promise.all([
    get<App>(`/api/v1/apps/${appId}`),
    get<Items<Channel>>(`/api/v1/apps/${appId}/channels`),
    get<Items<Group>>(`/api/v1/apps/${appId}/groups`),
    get<Items<Package>>(`/api/v1/apps/${appId}/packages`),
  ]);
  const floors = await Promise.all(
    channels.items.map((c) => get<Items<Floor>>(`/api/v1/apps/${appId}/channels/${c.id}/floors`).then((f) => f.items)),
  );
  return { app, channels: channels.items, groups: groups.items, packages: packages.items, floors: floors.flat() };
}

export function AppPage() {
  const { appId = '' } = useParams();
  const state = useLoad(appId, () => loadApp(appId));
  useTitle(state.data?.app.name ?? 'App');
  const [actionError, setActionError] = useState<ApiError>();
  const [notice, setNotice] = useState('');
  const act = async (what: string, f: () => Promise<unknown>) => {
    setActionError(undefined);
    setNotice('');
    try {
      await f();
      setNotice(what);
      state.reload();
    } catch (e) {
      setActionError(asApiError(e));
    }
  };
  return (
    <>
      <h1>{state.data?.app.name ?? 'App'}</h1>
      <div aria-live="polite" className="notice">
        {notice}
      </div>
      <ErrorBox error={actionError} what="do that" />
      <Load state={state} what="load the app" rows={8}>
        {({ channels, groups, packages, floors }) => (
          <>
            <section className="card" aria-labelledby="h-channels">
              <h2 id="h-channels">Channels</h2>
              {channels.length === 0 ? (
                <Empty title="No channels." />
              ) : (
                <div className="scroll-x">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Channel</th>
                        <th scope="col">Arch</th>
                        <th scope="col">Package</th>
                        <th scope="col">Floors</th>
                      </tr>
                    </thead>
                    <tbody>
                      {channels.map((c) => (
                        <ChannelRow
                          key={c.id}
                          channel={c}
                          packages={packages}
                          floors={floors.filter((f) => f.channelId === c.id)}
                          act={act}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section className="card" aria-labelledby="h-groups">
              <h2 id="h-groups">Groups</h2>
              {groups.length === 0 ? (
                <Empty title="No groups." />
              ) : (
                <ul className="plain">
                  {groups.map((g) => (
                    <li key={g.id}>
                      <Link to={`/apps/${g.appId}/groups/${g.id}`}>{g.name}</Link> (track <code>{g.track}</code>,
                      channel {channels.find((c) => c.id === g.channelId)?.name ?? 'none'})
                      {g.rollout.halted && <span className="badge badge-error">halted</span>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="h-packages">
              <h2 id="h-packages">Packages</h2>
              <AdminOnly>
                <UploadForm appId={appId} onDone={(p) => act(`Uploaded ${p.version}.`, async () => undefined)} />
              </AdminOnly>
              {packages.length === 0 ? (
                <Empty title="No packages yet.">
                  Upload a payload made by hull payload build (admin), or register one hosted elsewhere with POST
                  /api/v1/apps/{'{app}'}/packages.
                </Empty>
              ) : (
                <PackagesTable packages={packages} channels={channels} act={act} />
              )}
            </section>
          </>
        )}
      </Load>
    </>
  );
}

type Act = (what: string, f: () => Promise<unknown>) => Promise<void>;

function ChannelRow({
  channel: c,
  packages,
  floors,
  act,
}: {
  channel: Channel;
  packages: Package[];
  floors: Floor[];
  act: Act;
}) {
  const { isAdmin } = useAuth();
  const fits = packages
    .filter((p) => p.arch === c.arch || p.arch === 'all')
    .sort((a, b) => compareVersions(b.version, a.version));
  const current = packages.find((p) => p.id === c.packageId);
  const [floorPick, setFloorPick] = useState('');
  const base = `/api/v1/apps/${c.appId}/channels/${c.id}`;
  return (
    <tr>
      <th scope="row">{c.name}</th>
      <td>{c.arch}</td>
      <td>
        {isAdmin ? (
          <select
            aria-label={`Package of channel ${c.name} (${c.arch})`}
            value={c.packageId ?? ''}
            onChange={(e) =>
              void act(`Promoted ${packages.find((p) => p.id === e.target.value)?.version ?? ''} to ${c.name}.`, () =>
                api('PATCH', base, { packageId: e.target.value || null }),
              )
            }
          >
            <option value="">none</option>
            {fits.map((p) => (
              <option key={p.id} value={p.id}>
                {p.version}
              </option>
            ))}
          </select>
        ) : (
          (current?.version ?? 'none')
        )}
      </td>
      <td>
        <ul className="plain inline">
          {floors.map((f) => (
            <li key={f.packageId}>
              {packages.find((p) => p.id === f.packageId)?.version ?? f.packageId}
              <AdminOnly>
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove floor ${packages.find((p) => p.id === f.packageId)?.version ?? ''} of ${c.name} (${c.arch})`}
                  onClick={() => void act('Floor removed.', () => api('DELETE', `${base}/floors/${f.packageId}`))}
                >
                  ×
                </button>
              </AdminOnly>
            </li>
          ))}
          {floors.length === 0 && <li>none</li>}
        </ul>
        <AdminOnly>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (floorPick) void act('Floor added.', () => api('PUT', `${base}/floors/${floorPick}`, {}));
            }}
          >
            <select
              aria-label={`New floor of ${c.name} (${c.arch})`}
              value={floorPick}
              onChange={(e) => setFloorPick(e.target.value)}
            >
              <option value="">add a floor…</option>
              {fits
                .filter((p) => !floors.some((f) => f.packageId === p.id))
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.version}
                  </option>
                ))}
            </select>
            <button type="submit" className="small" disabled={!floorPick}>
              Add floor
            </button>
          </form>
        </AdminOnly>
      </td>
    </tr>
  );
}

function PackagesTable({ packages, channels, act }: { packages: Package[]; channels: Channel[]; act: Act }) {
  const { isAdmin } = useAuth();
  return (
    <div className="scroll-x">
      <table>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Arch</th>
            <th scope="col">Size</th>
            <th scope="col">Hosted</th>
            <th scope="col">Blacklisted in</th>
          </tr>
        </thead>
        <tbody>
          {[...packages]
            .sort((a, b) => compareVersions(b.version, a.version))
            .map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.version}</th>
                <td>{p.arch}</td>
                <td>{bytes(p.size)}</td>
                <td>{p.url === null ? 'by this server' : p.url}</td>
                <td>
                  {isAdmin ? (
                    <fieldset className="checks">
                      <legend className="sr-only">Channels that never get {p.version}</legend>
                      {channels.map((c) => (
                        <label key={c.id}>
                          <input
                            type="checkbox"
                            checked={p.blacklistChannelIds.includes(c.id)}
                            onChange={(e) =>
                              void act(`Blacklist of ${p.version} changed.`, () =>
                                api('PATCH', `/api/v1/apps/${p.appId}/packages/${p.id}`, {
                                  blacklistChannelIds: e.target.checked
                                    ? [...p.blacklistChannelIds, c.id]
                                    : p.blacklistChannelIds.filter((x) => x !== c.id),
                                }),
                              )
                            }
                          />
                          {c.name}
                        </label>
                      ))}
                    </fieldset>
                  ) : (
                    p.blacklistChannelIds.map((id) => channels.find((c) => c.id === id)?.name ?? id).join(', ') ||
                    'none'
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

function UploadForm({ appId, onDone }: { appId: string; onDone: (p: Package) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [version, setVersion] = useState('');
  const [arch, setArch] = useState('amd64');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<ApiError>();
  const versionOk = /^[0-9A-Za-z.+-]{1,128}$/.test(version);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || !versionOk) return;
    setError(undefined);
    setProgress(0);
    try {
      const q = new URLSearchParams({ version, arch, filename: file.name });
      const p = await uploadFile<Package>(`/api/v1/apps/${appId}/packages/upload?${q}`, file, setProgress);
      setFile(null);
      setVersion('');
      (e.target as HTMLFormElement).reset();
      onDone(p);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setProgress(null);
    }
  };
  return (
    <form className="upload" onSubmit={submit} aria-label="Upload a package">
      <label>
        Payload file
        <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
      </label>
      <label>
        Version
        <input
          value={version}
          onChange={(e) => setVersion(e.target.value)}
          placeholder="3815.2.0"
          aria-invalid={version !== '' && !versionOk}
          aria-describedby="version-help"
          required
        />
      </label>
      <span id="version-help" className="help">
        {version !== '' && !versionOk ? 'letters, digits and . + - only' : 'as the release names it'}
      </span>
      <label>
        Arch
        <select value={arch} onChange={(e) => setArch(e.target.value)}>
          {[...ARCHES, 'all'].map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!file || !versionOk || progress !== null}>
        Upload
      </button>
      {progress !== null && (
        <label className="progress">
          Uploading
          <progress max={1} value={progress} aria-label="Upload progress" />
          {Math.round(progress * 100)}%
        </label>
      )}
      <ErrorBox error={error} what="upload the package" />
    </form>
  );
}
