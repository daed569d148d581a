// A group's versions over time: machines per running version at evenly spaced instants, from the
// versions the machines reported (GET …/version-history), as a stacked area chart with the same
// numbers in a table.
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VersionHistory } from '../types.js';
import { Load, useApi } from '../ui.js';
import { SERIES } from './Overview.js';

const POINTS = 24;

/** "7 Dec 14:05" in the browser's zone (the table's time cells carry the exact ISO time). */
const short = (at: string) => new Date(at).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function VersionHistoryChart({ base }: { base: string }) {
  const state = useApi<VersionHistory>(`${base}/version-history?points=${POINTS}`);
  return (
    <Load state={state} what="load the versions over time" rows={4}>
      {({ versions, points }) => {
        if (versions.length === 0) return <p>No machine of this group has reported a version yet.</p>;
        const first = points[0]!;
        const last = points[points.length - 1]!;
        const words = (p: (typeof points)[number]) => versions.map((v, i) => `${v}: ${p.counts[i]}`).join(', ');
        return (
          <div data-testid="version-history">
            <div className="chart" role="img" aria-label={`Stacked area chart of machines per version from ${short(first.at)} (${words(first)}) to ${short(last.at)} (${words(last)})`}>
              <ResponsiveContainer width="100%" height={220}>
                <AreaChart data={points.map((p) => ({ ...p, label: short(p.at) }))} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" minTickGap={24} />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  {versions.map((v, i) => (
                    // A function, not the version as a key: recharts reads a dotted key as a path.
                    <Area key={v} name={v} dataKey={(p: { counts: number[] }) => p.counts[i]} stackId="v" type="stepAfter" stroke={SERIES[i % SERIES.length]} fill={SERIES[i % SERIES.length]} fillOpacity={0.5} isAnimationActive={false} />
                  ))}
                </AreaChart>
              </ResponsiveContainer>
            </div>
            <details>
              <summary>The numbers</summary>
              <div className="scroll-x">
                <table className="compact">
                  <caption className="sr-only">Machines per version over time</caption>
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      {versions.map((v) => (
                        <th scope="col" key={v}>
                          {v}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {points.map((p) => (
                      <tr key={p.at}>
                        <th scope="row">
                          <time dateTime={p.at}>{short(p.at)}</time>
                        </th>
                        {p.counts.map((n, i) => (
                          <td key={versions[i]}>{n}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </div>
        );
      }}
    </Load>
  );
}
