// Overview: machines per channel and version (a chart), statuses, machines not seen lately,
// rollouts in progress, recent activity.
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { get } from '../api.js';
import { breakdown, compareVersions, loadCatalog } from '../fleet.js';
import { STATUSES, type Activity, type InstanceRow, type Page } from '../types.js';
import { Ago, Empty, Load, StatusBadge, shortId, useApi, useLoad, useTitle } from '../ui.js';
import { ActivityList } from './Activity.js';

/** Distinct colours for versions, AA against the surface in both schemes is not needed for bars (labels carry the text). */
export const SERIES = ['#2d5bd7', '#d7742d', '#2d9d5b', '#9d2d8f', '#8a7a00', '#0f8c9d', '#c2364a', '#5b5b5b'];

interface ChannelRow {
  channel: string;
  total: number;
  [version: string]: string | number;
}

async function loadOverview() {
  const catalog = await loadCatalog();
  const rows = new Map<string, ChannelRow>();
  const versions = new Set<string>();
  await Promise.all(
    catalog.groups.map(async (g) => {
      const channel = catalog.channels.find((c) => c.id === g.channelId);
      const app = catalog.apps.find((a) => a.id === g.appId);
      const name = `${channel?.name ?? 'no channel'}${catalog.apps.length > 1 ? ` (${app?.name ?? ''})` : ''}`;
      for (const v of await breakdown(g)) {
        const row = rows.get(name) ?? { channel: name, total: 0 };
        row[v.version] = Number(row[v.version] ?? 0) + v.instances;
        row.total += v.instances;
        rows.set(name, row);
        versions.add(v.version);
      }
    }),
  );
  const statuses = await Promise.all(
    STATUSES.map(
      async (s) => [s, (await get<Page<InstanceRow>>(`/api/v1/instances?status=${s}&perPage=1`)).total] as const,
    ),
  );
  return {
    catalog,
    rows: [...rows.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
    versions: [...versions].sort(compareVersions),
    statuses,
  };
}

export function OverviewPage() {
  useTitle('Overview');
  const state = useLoad('overview', loadOverview);
  const stale = useApi<Page<InstanceRow>>('/api/v1/instances?sort=lastCheck&order=asc&perPage=5');
  const activity = useApi<Page<Activity>>('/api/v1/activity?perPage=8');
  return (
    <>
      <h1>Overview</h1>
      <div className="grid">
        <section className="card wide" aria-labelledby="h-versions">
          <h2 id="h-versions">Machines per channel and version</h2>
          <Load state={state} what="load the version breakdown" rows={6}>
            {({ rows, versions }) =>
              rows.length === 0 ? (
                <Empty title="No machine has checked in yet.">
                  Point a machine's <code>SERVER=</code> in <code>/etc/flatcar/update.conf</code> at this server's{' '}
                  <code>/v1/update/</code>, or run <code>hull agent run --once</code>.
                </Empty>
              ) : (
                <>
                  <div
                    className="chart"
                    role="img"
                    aria-label={`Bar chart: ${rows.map((r) => `${r.channel} ${r.total} machines`).join(', ')}`}
                  >
                    <ResponsiveContainer width="100%" height={260}>
                      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                        <CartesianGrid strokeDasharray="3 3" />
                        <XAxis dataKey="channel" />
                        <YAxis allowDecimals={false} />
                        <Tooltip />
                        <Legend />
                        {versions.map((v, i) => (
                          <Bar
                            key={v}
                            dataKey={v}
                            stackId="v"
                            fill={SERIES[i % SERIES.length]}
                            isAnimationActive={false}
                          />
                        ))}
                      </BarChart>
                    </ResponsiveContainer>
                  </div>
                  <table className="compact">
                    <caption className="sr-only">Machines per channel and version</caption>
                    <thead>
                      <tr>
                        <th scope="col">Channel</th>
                        {versions.map((v) => (
                          <th scope="col" key={v}>
                            {v}
                          </th>
                        ))}
                        <th scope="col">Total</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => (
                        <tr key={r.channel}>
                          <th scope="row">{r.channel}</th>
                          {versions.map((v) => (
                            <td key={v}>{r[v] ?? 0}</td>
                          ))}
                          <td>{r.total}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )
            }
          </Load>
        </section>
        <section className="card" aria-labelledby="h-status">
          <h2 id="h-status">Statuses</h2>
          <Load state={state} what="count the statuses">
            {({ statuses }) => (
              <ul className="counts">
                {statuses.map(([s, n]) => (
                  <li key={s}>
                    <Link to={`/machines?status=${s}`}>
                      <StatusBadge status={s} /> <span className="count">{n}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Load>
        </section>
        <section className="card" aria-labelledby="h-rollouts">
          <h2 id="h-rollouts">Rollouts</h2>
          <Load state={state} what="load the groups">
            {({ catalog }) => {
              const active = catalog.groups.filter((g) => g.rollout.inProgress || g.rollout.halted);
              return active.length === 0 ? (
                <Empty title="No rollout in progress.">
                  Promote a package to a channel on an app's page to start one.
                </Empty>
              ) : (
                <ul className="plain">
                  {active.map((g) => (
                    <li key={g.id}>
                      <Link to={`/apps/${g.appId}/groups/${g.id}`}>{g.name}</Link> → {g.rollout.version ?? '?'}{' '}
                      {g.rollout.halted ? (
                        <span className="badge badge-error">halted</span>
                      ) : (
                        <span className="badge badge-downloading">in progress</span>
                      )}
                    </li>
                  ))}
                </ul>
              );
            }}
          </Load>
        </section>
        <section className="card" aria-labelledby="h-stale">
          <h2 id="h-stale">Not seen lately</h2>
          <Load state={stale} what="load the machines">
            {(p) =>
              p.items.length === 0 ? (
                <Empty title="No machines yet." />
              ) : (
                <ul className="plain">
                  {p.items.map((r) => (
                    <li key={`${r.instance.id}-${r.app.appId}`}>
                      <Link to={`/machines/${encodeURIComponent(r.instance.id)}`}>
                        {r.instance.alias || shortId(r.instance.id)}
                      </Link>{' '}
                      last seen <Ago at={r.lastSeen} />
                    </li>
                  ))}
                </ul>
              )
            }
          </Load>
        </section>
        <section className="card wide" aria-labelledby="h-activity">
          <h2 id="h-activity">Recent activity</h2>
          <Load state={activity} what="load the activity">
            {(p) => <ActivityList items={p.items} />}
          </Load>
          <p>
            <Link to="/activity">All activity</Link>
          </p>
        </section>
      </div>
    </>
  );
}
