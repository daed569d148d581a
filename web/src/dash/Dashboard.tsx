// The dashboard (docs/dashboard.md): pages under /ui, each with its own URL (react-router).
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router';
import { Authenticated, useAuth } from './auth.js';
import { ActivityPage } from './pages/Activity.js';
import { AppPage, AppsPage } from './pages/Apps.js';
import { GroupPage } from './pages/Group.js';
import { LocksPage } from './pages/Locks.js';
import { LogsPage } from './pages/Logs.js';
import { MachinePage } from './pages/Machine.js';
import { MachinesPage } from './pages/Machines.js';
import { OverviewPage } from './pages/Overview.js';
import './dashboard.css';

const NAV: readonly [string, string][] = [
  ['/', 'Overview'],
  ['/apps', 'Apps'],
  ['/machines', 'Machines'],
  ['/logs', 'Logs'],
  ['/locks', 'Reboot locks'],
  ['/activity', 'Activity'],
];

function Layout() {
  const { who, signOut } = useAuth();
  return (
    <div className="dash">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="dash-header">
        <span className="brand">Hull</span>
        <nav aria-label="Dashboard">
          <ul>
            {NAV.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  {label}
                </NavLink>
              </li>
            ))}
            <li>
              <a href="/">Playground</a>
            </li>
          </ul>
        </nav>
        <div className="who">
          <span data-role={who.role}>
            {who.name || 'token'} · <strong>{who.role}</strong>
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="/apps" element={<AppsPage />} />
          <Route path="/apps/:appId" element={<AppPage />} />
          <Route path="/apps/:appId/groups/:groupId" element={<GroupPage />} />
          <Route path="/machines" element={<MachinesPage />} />
          <Route path="/machines/:id" element={<MachinePage />} />
          <Route path="/logs" element={<LogsPage />} />
          <Route path="/locks" element={<LocksPage />} />
          <Route path="/activity" element={<ActivityPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </div>
  );
}

export function Dashboard() {
  return (
    <BrowserRouter basename="/ui">
      <Authenticated>
        <Layout />
      </Authenticated>
    </BrowserRouter>
  );
}
