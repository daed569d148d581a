// Logs: search across machines with the filters of `hull journal` (host, unit, priority, time range,
// text), results as a virtualised list, a live tail (server-sent events), each line linked to its machine.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, get, getToken, qs } from '../api.js';
import { fieldText } from '../journal-fields.js';
import type { JournalEntry, JournalHost } from '../types.js';
import { asApiError, Empty, ErrorBox, Skeleton, useApi, useFirstRenderMark, useTitle } from '../ui.js';

export const PRIORITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
const LINE_HEIGHT = 26;
const LIMIT = 500;

export function entryTime(e: JournalEntry): string {
  const us = Number(fieldText(e.fields['__REALTIME_TIMESTAMP']));
  return Number.isFinite(us) && us > 0
    ? new Date(us / 1000).toISOString().replace('T', ' ').slice(0, 23)
    : e.receivedAt;
}

export function LogLine({
  entry: e,
  linkHost = true,
  style,
}: {
  entry: JournalEntry;
  linkHost?: boolean;
  style?: React.CSSProperties;
}) {
  const prio = Number(fieldText(e.fields['PRIORITY']) || 6);
  const unit = fieldText(e.fields['_SYSTEMD_UNIT']) || fieldText(e.fields['SYSLOG_IDENTIFIER']);
  return (
    <li className={`logline prio-${prio <= 3 ? 'err' : prio === 4 ? 'warn' : 'info'}`} style={style}>
      <time>{entryTime(e)}</time> {linkHost ? <HostLink entry={e} /> : null} <span className="unit">{unit}</span>{' '}
      <span className="prio">{PRIORITIES[prio] ?? prio}</span>{' '}
      <span className="msg">{fieldText(e.fields['MESSAGE'])}</span>
    </li>
  );
}

/**
 * The sender, linked to its machine. A machine's Omaha id is its /etc/machine-id, which journald
 * writes into every entry as `_MACHINE_ID`; the host (a certificate's CN, a token's name, the
 * peer address) names the uploader, not necessarily the machine.
 */
function HostLink({ entry: e }: { entry: JournalEntry }) {
  const machine = fieldText(e.fields['_MACHINE_ID']);
  return machine ? (
    <Link to={`/machines/${encodeURIComponent(machine)}`} className="host">
      {e.host}
    </Link>
  ) : (
    <span className="host">{e.host}</span>
  );
}

export function LogsPage() {
  useTitle('Logs');
  const [params, setParams] = useSearchParams();
  const filters = {
    host: params.get('host') ?? '',
    unit: params.get('unit') ?? '',
    priority: params.get('priority') ?? '',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
    grep: params.get('grep') ?? '',
    // A journal match FIELD=VALUE (a machine's page links here with `_MACHINE_ID=…`); kept across searches.
    match: params.get('match') ?? '',
  };
  const [draft, setDraft] = useState(filters);
  // The host list (for the Host field's suggestions) is asked for when the field is first used, not
  // with the page: on a large journal the store counts every host's entries, and on SQLite that holds
  // the server while the page's own lines wait (bench/dashboard.ts: seconds at 1 000 000 entries).
  const [wantHosts, setWantHosts] = useState(false);
  const hosts = useApi<{ items: JournalHost[] }>(wantHosts ? '/api/v1/journal/hosts' : null);
  const [entries, setEntries] = useState<JournalEntry[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<ApiError>();
  const [live, setLive] = useState(false);
  const query = (extra: Record<string, string | number | undefined> = {}) =>
    qs({
      host: filters.host,
      unit: filters.unit,
      priority: filters.priority,
      // journalctl's time syntax takes no ISO 8601 `T`/`Z`: an instant goes as `@` seconds since the epoch.
      since: filters.since ? `@${Math.floor(new Date(filters.since).getTime() / 1000)}` : undefined,
      until: filters.until ? `@${Math.floor(new Date(filters.until).getTime() / 1000)}` : undefined,
      grep: filters.grep,
      match: filters.match,
      ...extra,
    });
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: key is the filters' text; query is a module function
  useEffect(() => {
    setEntries(undefined);
    setError(undefined);
    let stop = false;
    get<{ entries: JournalEntry[]; next?: string }>(`/api/v1/journal/entries${query({ limit: LIMIT })}`).then(
      (r) => {
        if (stop) return;
        setEntries(r.entries);
        setNext(r.next);
      },
      (e: unknown) => !stop && setError(asApiError(e)),
    );
    return () => {
      stop = true;
    };
  }, [key]);
  // Live tail: EventSource cannot send headers, so the token goes as ?access_token= (docs/dashboard.md).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the tail restarts when the filters (key) change
  useEffect(() => {
    if (!live) return;
    const source = new EventSource(`/api/v1/journal/tail${query({ access_token: getToken() ?? undefined })}`);
    source.onmessage = (m) => {
      const entry = JSON.parse(String(m.data)) as JournalEntry;
      setEntries((old) => (old?.some((x) => x.cursor === entry.cursor) ? old : [...(old ?? []), entry]));
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        setError(new ApiError(0, 'TAIL_CLOSED', 'the live tail was closed by the server; turn it off and on to retry'));
        setLive(false);
      }
    };
    return () => source.close();
  }, [live, key]);
  const more = async () => {
    if (!next) return;
    try {
      const r = await get<{ entries: JournalEntry[]; next?: string }>(
        `/api/v1/journal/entries${query({ limit: LIMIT, after: next })}`,
      );
      setEntries((old) => [...(old ?? []), ...r.entries]);
      setNext(r.next);
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v !== '') p.set(k, v);
    setParams(p);
  };
  const scroller = useRef<HTMLDivElement>(null);
  const list = entries ?? [];
  const virtual = useVirtualizer({
    count: list.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });
  useFirstRenderMark('hull:logs-first-lines', virtual.getVirtualItems().length > 0);
  // While tailing, follow the end of the list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the list's end when it grows; the virtualizer is a new object each render
  useEffect(() => {
    if (live && list.length > 0) virtual.scrollToIndex(list.length - 1);
  }, [live, list.length]);
  return (
    <>
      <h1>Logs</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark every supported browser knows (the <search> element is newer) */}
      <form className="filters" role="search" aria-label="Log filters" onSubmit={submit}>
        <label>
          Host
          <input
            list="journal-hosts"
            value={draft.host}
            onFocus={() => setWantHosts(true)}
            onChange={(e) => setDraft({ ...draft, host: e.target.value })}
            placeholder="any"
          />
        </label>
        <datalist id="journal-hosts">
          {hosts.data?.items.map((h) => (
            <option key={h.host} value={h.host}>
              {h.entries} entries
            </option>
          ))}
        </datalist>
        <label>
          Unit
          <input
            value={draft.unit}
            onChange={(e) => setDraft({ ...draft, unit: e.target.value })}
            placeholder="e.g. sshd.service"
          />
        </label>
        <label>
          Priority up to
          <select value={draft.priority} onChange={(e) => setDraft({ ...draft, priority: e.target.value })}>
            <option value="">any</option>
            {PRIORITIES.map((p, i) => (
              <option key={p} value={String(i)}>
                {i} {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Since
          <input
            type="datetime-local"
            value={draft.since}
            onChange={(e) => setDraft({ ...draft, since: e.target.value })}
          />
        </label>
        <label>
          Until
          <input
            type="datetime-local"
            value={draft.until}
            onChange={(e) => setDraft({ ...draft, until: e.target.value })}
          />
        </label>
        <label>
          Text
          <input
            type="search"
            value={draft.grep}
            onChange={(e) => setDraft({ ...draft, grep: e.target.value })}
            placeholder="grep"
          />
        </label>
        <button type="submit">Search</button>
        <label className="check">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live tail
        </label>
      </form>
      <ErrorBox error={error} what="read the journal" />
      {entries === undefined ? (
        !error && <Skeleton rows={10} label="Loading log lines" />
      ) : entries.length === 0 ? (
        <Empty title="No log line matches.">
          {Object.values(filters).some((v) => v)
            ? 'Widen the filters, or turn on the live tail to wait for new lines.'
            : 'Machines send their journals to this server; none has yet.'}
        </Empty>
      ) : (
        <>
          {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the focusable scroll region needs a name (axe's check passes) */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable); the name says what it is */}
          <div className="log-scroll" ref={scroller} tabIndex={0} aria-label="Log lines, scrollable">
            <ol
              className="loglines"
              aria-label="Log lines"
              style={{ height: virtual.getTotalSize(), position: 'relative' }}
            >
              {virtual.getVirtualItems().map((v) => (
                <LogLine
                  key={list[v.index]!.cursor}
                  entry={list[v.index]!}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: LINE_HEIGHT,
                    transform: `translateY(${v.start}px)`,
                  }}
                />
              ))}
            </ol>
          </div>
          <p aria-live="polite">
            {entries.length} lines{live ? ', following new lines' : ''}.{' '}
            {next && (
              <button type="button" onClick={() => void more()}>
                Load more
              </button>
            )}
          </p>
        </>
      )}
    </>
  );
}
