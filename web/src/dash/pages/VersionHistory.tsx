// A group's versions and statuses over time: machines per running version and per status at evenly
// spaced instants, from what the machines reported (GET …/version-history), as two stacked area
// charts, each with the same numbers in a table.
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VersionHistory } from '../types.js';
import { Load, useApi } from '../ui.js';
import { SERIES } from './Overview.js';

const POINTS = 24;

/** "7 Dec, 14:05" in the browser's zone, with seconds when the span is under two hours (the table's time cells carry the exact ISO time). */
const timeWords = (seconds: boolean) => (at: string) =>
  new Date(at).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  });

interface Series {
  readonly at: string;
  readonly values: readonly number[];
}

function StackedOverTime({
  what,
  names,
  series,
  testId,
}: {
  what: string;
  names: readonly string[];
  series: readonly Series[];
  testId: string;
}) {
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const short = timeWords(Date.parse(last.at) - Date.parse(first.at) < 2 * 3600_000);
  const words = (p: Series) => names.map((v, i) => `${v}: ${p.values[i]}`).join(', ');
  return (
    <div data-testid={testId}>
      <div
        className="chart"
        role="img"
        aria-label={`Stacked area chart of machines per ${what} from ${short(first.at)} (${words(first)}) to ${short(last.at)} (${words(last)})`}
      >
        <ResponsiveContainer width="100%" height={220}>
          <AreaChart
            data={series.map((p) => ({ ...p, label: short(p.at) }))}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" minTickGap={24} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {names.map((v, i) => (
              // A function, not the name as a key: recharts reads a dotted key (a version) as a path.
              <Area
                key={v}
                name={v}
                dataKey={(p: Series) => p.values[i]}
                stackId="v"
                type="stepAfter"
                stroke={SERIES[i % SERIES.length]}
                fill={SERIES[i % SERIES.length]}
                fillOpacity={0.5}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>The numbers</summary>
        <div className="scroll-x">
          <table className="compact">
            <caption className="sr-only">Machines per {what} over time</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                {names.map((v) => (
                  <th scope="col" key={v}>
                    {v}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.map((p) => (
                <tr key={p.at}>
                  <th scope="row">
                    <time dateTime={p.at}>{short(p.at)}</time>
                  </th>
                  {p.values.map((n, i) => (
                    <td key={names[i]}>{n}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

export function VersionHistoryCharts({ base }: { base: string }) {
  const state = useApi<VersionHistory>(`${base}/version-history?points=${POINTS}`);
  return (
    <Load state={state} what="load the versions and statuses over time" rows={4}>
      {({ versions, statuses, points }) =>
        versions.length === 0 ? (
          <p>No machine of this group has reported a version yet.</p>
        ) : (
          <>
            <h3>Versions</h3>
            <StackedOverTime
              what="version"
              testId="version-history"
              names={versions}
              series={points.map((p) => ({ at: p.at, values: p.counts }))}
            />
            <h3>Statuses</h3>
            <StackedOverTime
              what="status"
              testId="status-history"
              names={statuses}
              series={points.map((p) => ({ at: p.at, values: p.statusCounts }))}
            />
          </>
        )
      }
    </Load>
  );
}
