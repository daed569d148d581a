import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';

// Two apps in one page: the config playground at / and the dashboard under /ui (docs/dashboard.md).
// Each is its own chunk, so the dashboard does not load the transpilers and the playground not the charts.
const root = createRoot(document.getElementById('root')!);
const render = (node: ReactNode) => root.render(<StrictMode>{node}</StrictMode>);
const path = window.location.pathname;
if (path === '/ui' || path.startsWith('/ui/')) {
  void import('./dash/Dashboard.js').then(({ Dashboard }) => render(<Dashboard />));
} else {
  void import('./App.js').then(({ App }) => render(<App />));
}
