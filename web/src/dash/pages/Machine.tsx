// One machine: its versions per app, status history, events with error codes in words, its reboot
// lock (FleetLock holders), its latest log lines (the journal API).
import { Link, useParams } from 'react-router';
import { qs } from '../api.js';
import { eventWords } from '../events.js';
import type { InstanceDetail, Items, JournalEntry, LockGroup } from '../types.js';
import { zincatiNodeId } from '../../../../src/reboot/fleetlock/node-id.js';
import { Ago, Empty, ErrorBox, Load, Since, StatusBadge, useApi, useLoad, useTitle } from '../ui.js';
import { LogLine } from './Logs.js';

export function MachinePage() {
  const { id = '' } = useParams();
  useTitle(`Machine ${id.slice(0, 12)}`);
  const state = useApi<InstanceDetail>(`/api/v1/instances/${encodeURIComponent(id)}`);
  const locks = useApi<Items<LockGroup>>('/api/v1/fleetlock/groups');
  const logs = useApi<{ entries: JournalEntry[] }>(
    `/api/v1/journal/entries${qs({ match: `_MACHINE_ID=${id}`, limit: 20, reverse: true })}`,
  );
  // FleetLock holders are Zincati node ids (an app-specific hash of the machine id), or the id itself.
  const nodeId = useLoad(`node-${id}`, () =>
    /^[0-9a-fA-F]{32}$/.test(id) && globalThis.crypto?.subtle ? zincatiNodeId(id) : Promise.resolve(id),
  );
  const held =
    locks.data?.items.filter(
      (g) => g.holders.includes(id) || (nodeId.data !== undefined && g.holders.includes(nodeId.data)),
    ) ?? [];
  return (
    <>
      <p className="crumbs">
        <Link to="/machines">Machines</Link> › one machine
      </p>
      <h1>Machine {state.data?.instance.alias || id}</h1>
      <Load state={state} what="load the machine" rows={6}>
        {({ instance, apps }) => (
          <div className="grid">
            <section className="card" aria-labelledby="h-facts">
              <h2 id="h-facts">Facts</h2>
              <dl className="facts">
                <dt>Machine id</dt>
                <dd>
                  <code>{instance.id}</code>
                </dd>
                <dt>Alias</dt>
                <dd>{instance.alias || 'none'}</dd>
                <dt>IP</dt>
                <dd>{instance.ip}</dd>
                <dt>OEM</dt>
                <dd>
                  {instance.oem || 'none'} {instance.oemVersion}
                </dd>
                <dt>First seen</dt>
                <dd>
                  <Ago at={instance.createdAt} />
                </dd>
                <dt>Reboot lock</dt>
                <dd data-testid="reboot-lock">
                  {locks.error
                    ? 'unknown (FleetLock groups could not be read)'
                    : held.length
                      ? held.map((g, i) => {
                          const holder = g.holders.find((h) => h === id || h === nodeId.data) ?? id;
                          return (
                            <span key={g.name}>
                              {i > 0 ? ', ' : ''}holds a slot in group {g.name} <Since at={g.holderSince?.[holder]} />
                            </span>
                          );
                        })
                      : 'holds none'}{' '}
                  <Link to="/locks">Reboot locks</Link>
                </dd>
              </dl>
            </section>
            {apps.map(({ app, statusHistory, events }) => (
              <section className="card" key={app.appId} aria-label={`Versions in app ${app.appId}`}>
                <h2>Versions</h2>
                <dl className="facts">
                  <dt>Running</dt>
                  <dd data-testid="running-version">{app.version}</dd>
                  <dt>Status</dt>
                  <dd>
                    <StatusBadge status={app.status} />
                  </dd>
                  <dt>Last check</dt>
                  <dd>
                    <Ago at={app.lastCheckAt} />
                  </dd>
                  <dt>Last update</dt>
                  <dd>
                    {app.lastUpdateVersion ? `${app.lastUpdateFromVersion ?? '?'} → ${app.lastUpdateVersion}` : 'none'}
                  </dd>
                  <dt>Group</dt>
                  <dd>
                    <Link to={`/apps/${app.appId}/groups/${app.groupId}`}>{app.groupId}</Link>
                  </dd>
                </dl>
                <h3>Status history</h3>
                {statusHistory.length === 0 ? (
                  <p>No change yet.</p>
                ) : (
                  <ol className="timeline" aria-label="Status history">
                    {statusHistory.map((h, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the history is fixed once loaded, in its order; rows have no id
                      <li key={i}>
                        <StatusBadge status={h.status} /> {h.version} <Ago at={h.createdAt} />
                      </li>
                    ))}
                  </ol>
                )}
                <h3>Events</h3>
                {events.length === 0 ? (
                  <p>No event yet.</p>
                ) : (
                  <ul className="feed" aria-label="Events">
                    {events.map((e) => {
                      const w = eventWords(e);
                      return (
                        <li key={e.id} className={w.error ? 'sev-error' : ''}>
                          <strong>{w.what}</strong> {e.version}
                          {e.previousVersion ? ` (from ${e.previousVersion})` : ''} <Ago at={e.createdAt} />
                          {w.error && <div className="event-error">{w.error}</div>}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </section>
            ))}
            <section className="card wide" aria-labelledby="h-logs">
              <h2 id="h-logs">Latest log lines</h2>
              {logs.error ? (
                <ErrorBox error={logs.error} what="read the journal" />
              ) : logs.data === undefined ? (
                <p role="status">Loading…</p>
              ) : logs.data.entries.length === 0 ? (
                <Empty title="No log lines from this machine.">Send its journal to this server to see them here.</Empty>
              ) : (
                <ol className="loglines" aria-label="Latest log lines">
                  {[...logs.data.entries].reverse().map((e) => (
                    <LogLine key={e.cursor} entry={e} linkHost={false} />
                  ))}
                </ol>
              )}
              <p>
                <Link to={`/logs?match=${encodeURIComponent(`_MACHINE_ID=${id}`)}`}>All logs of this machine</Link>
              </p>
            </section>
          </div>
        )}
      </Load>
    </>
  );
}
