// Machines: filter (status, group, version), search, sort and paging by the API, shown with
// @tanstack/react-table; the rows of a page (up to 1000) are virtualised with @tanstack/react-virtual.
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { qs } from '../api.js';
import { loadCatalog } from '../fleet.js';
import { STATUSES, type InstanceRow, type Page } from '../types.js';
import { Ago, Empty, ErrorBox, Skeleton, StatusBadge, useApi, useFirstRenderMark, useLoad, useTitle } from '../ui.js';
import { Pager } from './Activity.js';

const col = createColumnHelper<InstanceRow>();
const SORTABLE: Record<string, string> = {
  id: 'id',
  alias: 'alias',
  ip: 'ip',
  version: 'version',
  lastSeen: 'lastCheck',
};
const ROW_HEIGHT = 37;

export function MachinesPage() {
  useTitle('Machines');
  const [params, setParams] = useSearchParams();
  const f = {
    status: params.get('status') ?? '',
    groupId: params.get('groupId') ?? '',
    version: params.get('version') ?? '',
    search: params.get('search') ?? '',
    sort: params.get('sort') ?? 'lastCheck',
    order: params.get('order') ?? 'desc',
    page: Number(params.get('page') ?? 1),
    perPage: Number(params.get('perPage') ?? 200),
  };
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: 'search' in changes });
  };
  // The search box answers as you type, the request follows 250 ms after the last key.
  const [search, setSearch] = useState(f.search);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the typed text changes; the URL's filters are read, not watched
  useEffect(() => {
    if (search === f.search) return;
    const t = setTimeout(() => set({ search }), 250);
    return () => clearTimeout(t);
  }, [search]);
  const state = useApi<Page<InstanceRow>>(
    `/api/v1/instances${qs({ status: f.status, groupId: f.groupId, version: f.version, search: f.search, sort: f.sort, order: f.order, page: f.page, perPage: f.perPage })}`,
  );
  // The groups (for the filter and the group column) after the first rows: they are not needed to show them.
  const catalog = useLoad(state.data !== undefined || state.error !== undefined ? 'catalog' : null, loadCatalog);
  const groups = catalog.data?.groups ?? [];
  const columns = useMemo(
    () => [
      col.accessor((r) => r.instance.alias || r.instance.id, {
        id: 'alias',
        header: 'Machine',
        cell: (c) => (
          <Link to={`/machines/${encodeURIComponent(c.row.original.instance.id)}`}>
            {c.row.original.instance.alias || c.row.original.instance.id}
          </Link>
        ),
      }),
      col.accessor((r) => r.instance.id, { id: 'id', header: 'Machine id', cell: (c) => <code>{c.getValue()}</code> }),
      col.accessor((r) => r.instance.ip, { id: 'ip', header: 'IP' }),
      col.accessor((r) => r.app.version, { id: 'version', header: 'Version' }),
      col.accessor((r) => r.app.status, {
        id: 'status',
        header: 'Status',
        enableSorting: false,
        cell: (c) => <StatusBadge status={c.getValue()} />,
      }),
      col.accessor((r) => groups.find((g) => g.id === r.app.groupId)?.name ?? r.app.groupId, {
        id: 'group',
        header: 'Group',
        enableSorting: false,
      }),
      col.accessor((r) => r.lastSeen, { id: 'lastSeen', header: 'Last seen', cell: (c) => <Ago at={c.getValue()} /> }),
    ],
    [groups],
  );
  const sorting: SortingState = [
    { id: Object.entries(SORTABLE).find(([, v]) => v === f.sort)?.[0] ?? 'lastSeen', desc: f.order === 'desc' },
  ];
  const table = useReactTable({
    data: state.data?.items ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: { sorting },
    onSortingChange: (up) => {
      const next = typeof up === 'function' ? up(sorting) : up;
      const s = next[0];
      if (s) set({ sort: SORTABLE[s.id] ?? 'lastCheck', order: s.desc ? 'desc' : 'asc' });
    },
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  useFirstRenderMark('hull:machines-first-rows', items.length > 0);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <>
      <h1>Machines</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark every supported browser knows (the <search> element is newer) */}
      <form className="filters" role="search" aria-label="Machine filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="id, alias or IP"
          />
        </label>
        <label>
          Status
          <select value={f.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Group
          <select value={f.groupId} onChange={(e) => set({ groupId: e.target.value })}>
            <option value="">any</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version
          <input value={f.version} onChange={(e) => set({ version: e.target.value })} placeholder="exact version" />
        </label>
        <label>
          Per page
          <select value={String(f.perPage)} onChange={(e) => set({ perPage: e.target.value })}>
            {[50, 200, 1000].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
      </form>
      <ErrorBox error={state.error} what="load the machines" />
      {state.data === undefined ? (
        !state.error && <Skeleton rows={10} label="Loading machines" />
      ) : state.data.total === 0 ? (
        <Empty
          title={
            f.status || f.groupId || f.version || f.search
              ? 'No machine matches these filters.'
              : 'No machine has checked in yet.'
          }
        >
          {f.status || f.groupId || f.version || f.search
            ? 'Clear a filter to see more.'
            : "Set SERVER= in a machine's /etc/flatcar/update.conf to this server's /v1/update/."}
        </Empty>
      ) : (
        <>
          {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the focusable scroll region needs a name (axe's check passes) */}
          <div
            className="table-scroll"
            ref={scroller}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable); the name says what it is
            tabIndex={0}
            aria-label="Machines table, scrollable"
            data-loading={state.loading}
          >
            <table className="machines" aria-rowcount={rows.length + 1}>
              <thead>
                {table.getHeaderGroups().map((hg) => (
                  <tr key={hg.id}>
                    {hg.headers.map((h) => {
                      const sorted = h.column.getIsSorted();
                      return (
                        <th
                          key={h.id}
                          scope="col"
                          aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                        >
                          {h.column.getCanSort() ? (
                            <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()}>
                              {flexRender(h.column.columnDef.header, h.getContext())}
                              <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                            </button>
                          ) : (
                            flexRender(h.column.columnDef.header, h.getContext())
                          )}
                        </th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              <tbody>
                {padTop > 0 && (
                  // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row of the virtual list, with nothing focusable in it
                  <tr aria-hidden="true">
                    <td style={{ height: padTop }} colSpan={columns.length} />
                  </tr>
                )}
                {items.map((v) => {
                  const row = rows[v.index]!;
                  return (
                    <tr key={row.id} style={{ height: ROW_HEIGHT }} aria-rowindex={v.index + 2}>
                      {row.getVisibleCells().map((c) => (
                        <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
                      ))}
                    </tr>
                  );
                })}
                {padBottom > 0 && (
                  // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row of the virtual list, with nothing focusable in it
                  <tr aria-hidden="true">
                    <td style={{ height: padBottom }} colSpan={columns.length} />
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <Pager
            page={state.data.page}
            perPage={state.data.perPage}
            total={state.data.total}
            onPage={(n) => set({ page: String(n) })}
          />
        </>
      )}
    </>
  );
}
