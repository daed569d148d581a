// The activity feed with filters (severity, kind, time range), kept in the URL.
import { Link, useSearchParams } from 'react-router';
import { qs } from '../api.js';
import { ACTIVITY_CLASSES, type Activity, type Page } from '../types.js';
import { Ago, Empty, Load, shortId, useApi, useTitle } from '../ui.js';

export function ActivityList({ items }: { items: Activity[] }) {
  if (items.length === 0)
    return (
      <Empty title="No activity.">
        Entries appear when packages are promoted, rollouts start, halt or finish, and machines fail.
      </Empty>
    );
  return (
    <ul className="feed" aria-label="Activity">
      {items.map((a) => (
        <li key={a.id} className={`sev-${a.severityName}`}>
          <span className={`badge badge-sev-${a.severityName}`}>{a.severityName}</span>{' '}
          <span className="kind">{a.className}</span> {a.message}{' '}
          {a.instanceId && <Link to={`/machines/${encodeURIComponent(a.instanceId)}`}>{shortId(a.instanceId)}</Link>}{' '}
          {a.groupId && <Link to={`/apps/${a.appId}/groups/${a.groupId}`}>group</Link>} <Ago at={a.createdAt} />
        </li>
      ))}
    </ul>
  );
}

const localToIso = (v: string) => (v === '' ? undefined : new Date(v).toISOString());

export function ActivityPage() {
  useTitle('Activity');
  const [params, setParams] = useSearchParams();
  const f = {
    severity: params.get('severity') ?? '',
    class: params.get('class') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    page: Number(params.get('page') ?? 1),
  };
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v === '') next.delete(k);
    else next.set(k, v);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  const state = useApi<Page<Activity>>(
    `/api/v1/activity${qs({ severity: f.severity, class: f.class, from: localToIso(f.from), to: localToIso(f.to), page: f.page, perPage: 50 })}`,
  );
  return (
    <>
      <h1>Activity</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Activity filters">
        <label>
          Severity
          <select value={f.severity} onChange={(e) => set('severity', e.target.value)}>
            <option value="">any</option>
            {['success', 'info', 'warning', 'error'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={f.class} onChange={(e) => set('class', e.target.value)}>
            <option value="">any</option>
            {ACTIVITY_CLASSES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" value={f.from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" value={f.to} onChange={(e) => set('to', e.target.value)} />
        </label>
      </form>
      <Load state={state} what="load the activity" rows={8}>
        {(p) => (
          <>
            <ActivityList items={p.items} />
            <Pager page={p.page} perPage={p.perPage} total={p.total} onPage={(n) => set('page', String(n))} />
          </>
        )}
      </Load>
    </>
  );
}

export function Pager({
  page,
  perPage,
  total,
  onPage,
}: {
  page: number;
  perPage: number;
  total: number;
  onPage: (n: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous
      </button>
      <span aria-live="polite">
        page {page} of {pages} ({total} in all)
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        Next
      </button>
    </nav>
  );
}
