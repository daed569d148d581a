// Small shared pieces of the dashboard: loading data, skeletons, empty states, errors in words.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, get } from './api.js';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (again whenever it changes, or on reload); null path: nothing. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  const current = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const n = ++current.current;
    setState((s) => ({ ...s, loading: true }));
    get<T>(path).then(
      (data) => n === current.current && setState({ data, loading: false }),
      (e: unknown) => n === current.current && setState({ error: asApiError(e), loading: false }),
    );
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export const asApiError = (e: unknown): ApiError =>
  e instanceof ApiError ? e : new ApiError(0, 'CLIENT', e instanceof Error ? e.message : String(e));

/** An API error in words, as an alert. */
export function ErrorBox({ error, what }: { error: ApiError | undefined; what?: string }) {
  if (error === undefined) return null;
  return (
    <div role="alert" className="dash-error">
      <strong>{what ? `Could not ${what}: ` : ''}</strong>
      {error.message} <code>{error.code}</code>
    </div>
  );
}

/** Grey bars where the data will be (first paint without the server's answer). */
export function Skeleton({ rows = 3, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholder bars, never reordered
        <div key={i} className="skeleton-bar" />
      ))}
    </div>
  );
}

/** An empty state that says what to do next. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p>
        <strong>{title}</strong>
      </p>
      {children && <p>{children}</p>}
    </div>
  );
}

/** Loading → skeleton, error → words, else the content. */
export function Load<T>({
  state,
  what,
  rows,
  children,
}: {
  state: Loaded<T>;
  what: string;
  rows?: number;
  children: (data: T) => ReactNode;
}) {
  if (state.data !== undefined)
    return (
      <>
        <ErrorBox error={state.error} what={what} />
        {children(state.data)}
      </>
    );
  if (state.error) return <ErrorBox error={state.error} what={what} />;
  return <Skeleton rows={rows ?? 3} label={`Loading ${what.replace(/^load /, '')}`} />;
}

export const shortId = (id: string): string => (id.length > 14 ? `${id.slice(0, 12)}…` : id);

/** "3 min ago" style age of an ISO time, with the exact time in the title. */
export function Ago({ at, now = Date.now() }: { at: string | null | undefined; now?: number }) {
  if (!at) return <span>never</span>;
  const t = Date.parse(at);
  return (
    <time dateTime={at} title={new Date(t).toISOString()}>
      {ago(now - t)}
    </time>
  );
}

/** Since when a holder holds its slot: "since 2 h ago", or unknown when Hull did not see it lock. */
export function Since({ at }: { at: string | undefined }) {
  return at === undefined ? (
    <span className="muted" title="this holder took its slot through another server, or before Hull recorded the times">
      since an unknown time
    </span>
  ) : (
    <span>
      since <Ago at={at} />
    </span>
  );
}

export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export const bytes = (n: number): string =>
  n < 1024
    ? `${n} B`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KiB`
      : n < 1024 ** 3
        ? `${(n / 1024 ** 2).toFixed(1)} MiB`
        : `${(n / 1024 ** 3).toFixed(2)} GiB`;

/** A status as a coloured word (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

/** The page's title (the tab, and what a screen reader announces). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Hull`;
  }, [title]);
}

/** Loads with an async function (several API calls), again when `key` changes or on reload; a null key waits. */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const current = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: key names what load fetches (a new closure each render); tick is the reload trigger
  useEffect(() => {
    if (key === null) return;
    const n = ++current.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => n === current.current && setState({ data, loading: false }),
      (e: unknown) => n === current.current && setState({ error: asApiError(e), loading: false }),
    );
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * Marks the first time `ready` is true on this page load with the Performance API
 * (`performance.mark(name)`): bench/dashboard.ts reads it as "first rows rendered".
 */
export function useFirstRenderMark(name: string, ready: boolean): void {
  useEffect(() => {
    if (ready && performance.getEntriesByName(name).length === 0) performance.mark(name);
  }, [name, ready]);
}
