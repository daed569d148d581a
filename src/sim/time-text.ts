/** A simulation time (ms since the start) as `+1d 02:03:04`. */
export function relText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `+${d}d ${hh}:${mm}:${ss}`;
}

/** The instant `ms` after `startMs`, ISO 8601 UTC without milliseconds. */
export function atText(startMs: number, ms: number): string {
  return new Date(startMs + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
