/**
 * The run as a picture: a self-contained HTML page holding one SVG, machines
 * (rows, grouped) × time (columns), each interval coloured by the version the
 * machine runs and shaded by what it does (running, updating, waiting for its
 * reboot, down, unhealthy); operator events and halts as vertical lines. No
 * script, no external file: it opens from disk in any browser. D43 says why
 * this is a small generator of Hull's own and not a chart library.
 */
import type { Outcome, Phase } from './outcome.js';
import { relText } from './time-text.js';
import type { Timeline } from './timeline.js';

const PALETTE = ['#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22'];
const DOWN = '#9e9e9e';
const BAD = '#d62728';
const OPACITY: Readonly<Record<Phase, number>> = {
  running: 1,
  updating: 0.6,
  'need-reboot': 0.35,
  down: 1,
  unhealthy: 1,
};

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function chartHtml(tl: Timeline, o: Outcome, versions: readonly string[]): string {
  const n = tl.machines.length;
  const rowH = Math.max(1, Math.min(14, Math.floor(700 / Math.max(1, n))));
  const left = 160;
  const top = 30;
  const width = 1000;
  const plotH = rowH * n;
  const legendY = top + plotH + 40;
  const height = legendY + 70;
  const x = (t: number): number => left + (t / tl.durationMs) * width;
  const colour = new Map(versions.map((v, i) => [v, PALETTE[i % PALETTE.length]!]));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${height}" font-family="sans-serif" font-size="11">`,
  );
  parts.push(`<title>${esc(tl.scenario)}: ${n} machines over ${esc(relText(tl.durationMs).slice(1))}</title>`);
  // Time axis: a tick a day (or an hour for runs under two days).
  const tick = tl.durationMs > 2 * 86_400_000 ? 86_400_000 : tl.durationMs > 6 * 3_600_000 ? 6 * 3_600_000 : 3_600_000;
  for (let t = 0; t <= tl.durationMs; t += tick) {
    parts.push(
      `<line x1="${x(t).toFixed(1)}" y1="${top - 4}" x2="${x(t).toFixed(1)}" y2="${top + plotH}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${top - 8}" text-anchor="middle">${esc(relText(t).replace(/:00$/, ''))}</text>`,
    );
  }
  // Rows.
  let lastGroup = '';
  for (let m = 0; m < n; m++) {
    const y = top + m * rowH;
    const g = tl.machines[m]!.group;
    if (g !== lastGroup) {
      parts.push(`<text x="4" y="${y + Math.max(rowH, 10)}" font-weight="bold">${esc(g)}</text>`);
      if (m > 0) parts.push(`<line x1="${left}" y1="${y}" x2="${left + width}" y2="${y}" stroke="#333"/>`);
      lastGroup = g;
    }
    if (rowH >= 10)
      parts.push(
        `<text x="${left - 4}" y="${y + rowH - 2}" text-anchor="end" fill="#555">${esc(tl.machines[m]!.name)}</text>`,
      );
    for (const s of o.segments[m]!) {
      const fill = s.phase === 'down' ? DOWN : s.phase === 'unhealthy' ? BAD : (colour.get(s.version) ?? '#000');
      const w = Math.max(0.5, x(s.to) - x(s.from));
      parts.push(
        `<rect x="${x(s.from).toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${rowH}" fill="${fill}" fill-opacity="${OPACITY[s.phase]}"><title>${esc(tl.machines[m]!.name)} ${esc(s.version || 'down')} ${s.phase} ${esc(relText(s.from))}–${esc(relText(s.to))}</title></rect>`,
      );
    }
  }
  // Operator events and halts.
  for (const r of tl.records) {
    if (r.kind !== 'operator' && r.kind !== 'halt') continue;
    const colourOf = r.kind === 'halt' ? BAD : '#000';
    const label = r.kind === 'halt' ? `halt ${r.group} (${r.by}): ${r.reason}` : `${r.action} ${r.detail}`;
    parts.push(
      `<line x1="${x(r.t).toFixed(1)}" y1="${top}" x2="${x(r.t).toFixed(1)}" y2="${top + plotH}" stroke="${colourOf}" stroke-dasharray="4 3"><title>${esc(relText(r.t))} ${esc(label)}</title></line>`,
    );
  }
  // Legend.
  let lx = left;
  for (const [v, c] of colour) {
    parts.push(
      `<rect x="${lx}" y="${legendY}" width="14" height="14" fill="${c}"/><text x="${lx + 18}" y="${legendY + 11}">${esc(v)}</text>`,
    );
    lx += 110;
  }
  const shades: Array<[string, string, number]> = [
    ['running', PALETTE[0]!, 1],
    ['updating', PALETTE[0]!, OPACITY.updating],
    ['waiting for reboot', PALETTE[0]!, OPACITY['need-reboot']],
    ['down (rebooting)', DOWN, 1],
    ['failed boot / unhealthy', BAD, 1],
  ];
  lx = left;
  for (const [label, c, op] of shades) {
    parts.push(
      `<rect x="${lx}" y="${legendY + 24}" width="14" height="14" fill="${c}" fill-opacity="${op}"/><text x="${lx + 18}" y="${legendY + 35}">${esc(label)}</text>`,
    );
    lx += 170;
  }
  parts.push(
    `<text x="${left}" y="${legendY + 60}" fill="#555">dashed lines: operator events (black) and halts (red); hover for details</text>`,
  );
  parts.push('</svg>');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>hull sim: ${esc(tl.scenario)}</title>`,
    '<style>body{font-family:sans-serif;margin:1em}h1{font-size:1.2em}</style>',
    '</head><body>',
    `<h1>hull sim: ${esc(tl.scenario)} — ${n} machines, seed ${tl.seed}, from ${esc(tl.start)}</h1>`,
    parts.join('\n'),
    '</body></html>',
    '',
  ].join('\n');
}
