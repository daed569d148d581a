// A group: rollout progress, halt / resume / pin (a downgrade asks first), the policy form that
// validates as you type with the server's bounds.
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isOfficeHours } from '../../../../src/update/server/office-hours.js';
import { api, get, qs, type ApiError } from '../api.js';
import { AdminOnly, useAuth } from '../auth.js';
import { compareVersions } from '../fleet.js';
import { checkDraft, draftOf, patchOf, type PolicyDraft } from '../policy-form.js';
import type { Activity, Items, Package, Page, RolloutState, VersionCount } from '../types.js';
import { asApiError, ErrorBox, Load, useLoad, useTitle } from '../ui.js';
import { ActivityList } from './Activity.js';
import { SERIES } from './Overview.js';
import { VersionHistoryCharts } from './VersionHistory.js';

async function loadGroup(appId: string, groupId: string) {
  const base = `/api/v1/apps/${appId}/groups/${groupId}`;
  const [rollout, versions, packages, activity] = await Promise.all([
    get<RolloutState>(`${base}/rollout`),
    get<Items<VersionCount>>(`${base}/version-breakdown`),
    get<Items<Package>>(`/api/v1/apps/${appId}/packages`),
    get<Page<Activity>>(`/api/v1/activity${qs({ groupId, perPage: 20 })}`),
  ]);
  return {
    rollout,
    versions: versions.items.sort((a, b) => compareVersions(a.version, b.version)),
    packages: packages.items,
    activity: activity.items,
  };
}

export function GroupPage() {
  const { appId = '', groupId = '' } = useParams();
  const state = useLoad(`${appId}/${groupId}`, () => loadGroup(appId, groupId));
  const group = state.data?.rollout.group;
  useTitle(group ? `Group ${group.name}` : 'Group');
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState('');
  const act = async (what: string, f: () => Promise<unknown>) => {
    setError(undefined);
    setNotice('');
    try {
      await f();
      setNotice(what);
      state.reload();
      return true;
    } catch (e) {
      setError(asApiError(e));
      return false;
    }
  };
  return (
    <>
      <p className="crumbs">
        <Link to={`/apps/${appId}`}>App</Link> › group
      </p>
      <h1>Group {group?.name ?? ''}</h1>
      <div aria-live="polite" className="notice" data-testid="notice">
        {notice}
      </div>
      <ErrorBox error={error} what="do that" />
      <Load state={state} what="load the group" rows={8}>
        {({ rollout, versions, packages, activity }) => (
          <div className="grid">
            <section className="card" aria-labelledby="h-rollout">
              <h2 id="h-rollout">Rollout</h2>
              <dl className="facts">
                <dt>State</dt>
                <dd data-testid="rollout-state">
                  {rollout.group.rollout.halted ? (
                    <>
                      <span className="badge badge-error">halted</span> {rollout.group.rollout.halted.reason}
                    </>
                  ) : rollout.group.rollout.inProgress ? (
                    <span className="badge badge-downloading">in progress</span>
                  ) : (
                    <span className="badge">idle</span>
                  )}
                </dd>
                <dt>Target version</dt>
                <dd>{rollout.targetVersion ?? 'none (no package on the channel)'}</dd>
                <dt>Pinned to</dt>
                <dd>
                  {rollout.group.policy.pin
                    ? (packages.find((p) => p.id === rollout.group.policy.pin!.packageId)?.version ??
                      rollout.group.policy.pin.packageId)
                    : 'not pinned'}
                </dd>
                <dt>Staged share now</dt>
                <dd>{rollout.stagedPercentNow}%</dd>
                <dt>Granted this period</dt>
                <dd>
                  {rollout.stats.grantedInPeriod} of {rollout.group.policy.maxUpdatesPerPeriod}
                </dd>
                <dt>Updating now / timed out</dt>
                <dd>
                  {rollout.stats.inProgress} / {rollout.stats.timedOut}
                </dd>
                <dt>Auto-halt sample</dt>
                <dd>
                  {rollout.haltSample.failed} failed, {rollout.haltSample.rolledBack} rolled back of{' '}
                  {rollout.haltSample.granted} granted
                </dd>
              </dl>
              <AdminOnly>
                <RolloutControls state={rollout} packages={packages} act={act} />
              </AdminOnly>
            </section>
            <section className="card" aria-labelledby="h-versions">
              <h2 id="h-versions">Versions running</h2>
              {versions.length === 0 ? (
                <p>No machine of this group has checked in.</p>
              ) : (
                <>
                  <div
                    className="chart"
                    role="img"
                    aria-label={versions.map((v) => `${v.version}: ${v.instances} machines (${v.percent}%)`).join(', ')}
                  >
                    <ResponsiveContainer width="100%" height={200}>
                      <BarChart data={versions} layout="vertical" margin={{ left: 16, right: 16 }}>
                        <CartesianGrid strokeDasharray="3 3" />
                        <XAxis type="number" allowDecimals={false} />
                        <YAxis type="category" dataKey="version" width={90} />
                        <Tooltip />
                        <Bar dataKey="instances" isAnimationActive={false}>
                          {versions.map((v, i) => (
                            <Cell key={v.version} fill={SERIES[i % SERIES.length]} />
                          ))}
                        </Bar>
                      </BarChart>
                    </ResponsiveContainer>
                  </div>
                  <ul className="plain">
                    {versions.map((v) => (
                      <li key={v.version}>
                        <Link to={`/machines?groupId=${rollout.group.id}&version=${encodeURIComponent(v.version)}`}>
                          {v.version}
                        </Link>
                        : {v.instances} ({v.percent}%)
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
            <section className="card wide" aria-labelledby="h-history">
              <h2 id="h-history">Versions and statuses over time</h2>
              <VersionHistoryCharts base={`/api/v1/apps/${rollout.group.appId}/groups/${rollout.group.id}`} />
            </section>
            <section className="card wide" aria-labelledby="h-policy">
              <h2 id="h-policy">Policy</h2>
              <PolicyForm
                key={rollout.group.policy === undefined ? '' : JSON.stringify(rollout.group.policy)}
                state={rollout}
                act={act}
              />
            </section>
            <section className="card wide" aria-labelledby="h-timeline">
              <h2 id="h-timeline">Timeline</h2>
              <ActivityList items={activity} />
            </section>
          </div>
        )}
      </Load>
    </>
  );
}

type Act = (what: string, f: () => Promise<unknown>) => Promise<boolean>;

function RolloutControls({ state, packages, act }: { state: RolloutState; packages: Package[]; act: Act }) {
  const g = state.group;
  const base = `/api/v1/apps/${g.appId}/groups/${g.id}/rollout`;
  const [reason, setReason] = useState('');
  const [pick, setPick] = useState('');
  const [confirming, setConfirming] = useState(false);
  const picked = packages.find((p) => p.id === pick);
  const downgrade =
    picked !== undefined && state.targetVersion !== null && compareVersions(picked.version, state.targetVersion) < 0;
  const doPin = (allowDowngrade: boolean) =>
    act(`Pinned to ${picked?.version ?? ''}.`, () =>
      api('PUT', `${base}/pin`, { packageId: pick, allowDowngrade }),
    ).then(() => setConfirming(false));
  return (
    <div className="controls">
      {g.rollout.halted ? (
        <button type="button" onClick={() => void act('Rollout resumed.', () => api('POST', `${base}/resume`))}>
          Resume rollout
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act('Rollout halted.', () => api('POST', `${base}/halt`, { reason }));
          }}
        >
          <label>
            Reason
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              placeholder="why (optional)"
            />
          </label>
          <button type="submit" className="danger">
            Halt rollout
          </button>
        </form>
      )}
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!pick) return;
          if (downgrade) setConfirming(true);
          else void doPin(false);
        }}
      >
        <label>
          Pin to
          <select value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">choose a version…</option>
            {[...packages]
              .sort((a, b) => compareVersions(b.version, a.version))
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.version} ({p.arch})
                </option>
              ))}
          </select>
        </label>
        <button type="submit" disabled={!pick}>
          Pin
        </button>
        {g.policy.pin && (
          <button
            type="button"
            onClick={() => void act('Unpinned: the group follows its channel.', () => api('DELETE', `${base}/pin`))}
          >
            Unpin
          </button>
        )}
      </form>
      {confirming && picked && (
        <div role="alertdialog" aria-labelledby="downgrade-title" aria-describedby="downgrade-text" className="confirm">
          <h3 id="downgrade-title">Downgrade to {picked.version}?</h3>
          <p id="downgrade-text">
            {picked.version} is older than the target {state.targetVersion}. Machines newer than it will be sent back to
            it.
          </p>
          {/* biome-ignore lint/a11y/noAutofocus: the confirmation appears on the user's own click; focus moves to its button so Enter confirms and Tab leaves */}
          <button type="button" className="danger" autoFocus onClick={() => void doPin(true)}>
            Downgrade
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}

function Field({
  id,
  label,
  error,
  help,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  help?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      <span id={`${id}-msg`} className={error ? 'field-error' : 'help'} role={error ? 'alert' : undefined}>
        {error ?? help ?? ''}
      </span>
    </div>
  );
}

function PolicyForm({ state, act }: { state: RolloutState; act: Act }) {
  const { isAdmin } = useAuth();
  const g = state.group;
  const [d, setD] = useState<PolicyDraft>(() => draftOf(g.policy));
  useEffect(() => setD(draftOf(g.policy)), [g.policy]);
  const errors = useMemo(() => checkDraft(d), [d]);
  const bad = Object.keys(errors).length > 0;
  const zones = useMemo(
    () => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []),
    [],
  );
  const text = (k: keyof PolicyDraft, label: string, help?: string, inputMode: 'numeric' | 'decimal' = 'numeric') => (
    <Field id={`p-${k}`} label={label} error={errors[k]} {...(help ? { help } : {})}>
      <input
        id={`p-${k}`}
        inputMode={inputMode}
        value={String(d[k])}
        disabled={!isAdmin}
        aria-invalid={errors[k] !== undefined}
        aria-describedby={`p-${k}-msg`}
        onChange={(e) => setD({ ...d, [k]: e.target.value })}
      />
    </Field>
  );
  const check = (k: keyof PolicyDraft, label: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={Boolean(d[k])}
        disabled={!isAdmin}
        onChange={(e) => setD({ ...d, [k]: e.target.checked })}
      />{' '}
      {label}
    </label>
  );
  const openNow = errors.timezone === undefined && isOfficeHours(new Date(), d.timezone);
  return (
    <form
      className="policy"
      aria-label="Policy"
      onSubmit={(e) => {
        e.preventDefault();
        if (!bad)
          void act('Policy saved.', () =>
            api('PATCH', `/api/v1/apps/${g.appId}/groups/${g.id}`, { policy: patchOf(d, g.policy) }),
          );
      }}
    >
      <fieldset>
        <legend>Updates</legend>
        {check('updatesEnabled', 'Updates enabled')}
        {check('safeMode', 'Safe mode (one machine at a time until one completes)')}
        {check('officeHours', 'Only in office hours (Mon–Fri 09:00–16:59)')}
        <Field
          id="p-timezone"
          label="Time zone"
          error={errors.timezone}
          help={errors.timezone === undefined ? `office hours are ${openNow ? 'open' : 'closed'} there now` : undefined}
        >
          <input
            id="p-timezone"
            list="zones"
            value={d.timezone}
            disabled={!isAdmin}
            aria-invalid={errors.timezone !== undefined}
            aria-describedby="p-timezone-msg"
            onChange={(e) => setD({ ...d, timezone: e.target.value })}
          />
        </Field>
        <datalist id="zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </fieldset>
      <fieldset>
        <legend>Limits</legend>
        {text('maxUpdatesPerPeriod', 'Updates per period')}
        {text('periodIntervalSeconds', 'Period (seconds)')}
        {text('updateTimeoutSeconds', 'Update timeout (seconds)')}
        {text('stagedPercent', 'Staged share (%)', 'the share of machines offered the update', 'decimal')}
      </fieldset>
      <fieldset>
        <legend>Auto-halt</legend>
        {check('autoHaltEnabled', 'Halt by itself when too many fail')}
        {text('autoHaltThreshold', 'Failure threshold (0–1)', 'failed or rolled back ÷ granted', 'decimal')}
        {text('autoHaltMinSamples', 'Minimum samples')}
        {text('autoHaltWindowSeconds', 'Window (seconds)')}
      </fieldset>
      <AdminOnly>
        <div className="form-actions">
          <button type="submit" disabled={bad}>
            Save policy
          </button>
          <button type="button" onClick={() => setD(draftOf(g.policy))}>
            Reset
          </button>
          {bad && <span className="field-error">Fix the fields marked above to save.</span>}
        </div>
      </AdminOnly>
    </form>
  );
}
