/**
 * Resources with `inline` / `local` (files contents and append, merge and
 * replace configs, CAs, LUKS key files): the contents become the shortest
 * data URL (data-url.ts), the source and compression fields point back at
 * the sugar key.
 */
import type { Issue, JsonPath } from '../../core/index.js';
import { dataUrlEscape, makeDataUrl, utf8 } from '../data-url.js';
import type { TranslationSet } from '../translation-set.js';
import { butaneIssue } from './messages.js';
import type { BObject } from './decode.js';
import { cleanLocalPath } from './local-path.js';
import type { ButanePorts } from './ports.js';

/** Reads a `local` file: the Issue on failure (no files dir, escape, read error) is at `at`. */
export function readLocal(local: string, at: JsonPath, ports: ButanePorts): { data?: Uint8Array; issue?: Issue } {
  if (ports.files === undefined) return { issue: butaneIssue.error('BUTANE_NO_FILES_DIR', at) };
  const rel = cleanLocalPath(local);
  if (rel === undefined) return { issue: butaneIssue.error('BUTANE_FILES_DIR_ESCAPE', at) };
  const r = ports.files.readFile(rel);
  if (r.ok) return { data: r.data };
  return r.escape === true
    ? { issue: butaneIssue.error('BUTANE_FILES_DIR_ESCAPE', at) }
    : { issue: butaneIssue.error('BUTANE_LOCAL_READ_FAILED', at, { error: r.message }) };
}

export interface ResourceContext {
  readonly ports: ButanePorts;
  readonly ts: TranslationSet;
  readonly issues: Issue[];
  /** Base v0_1 (fcos 1.0): inline only, always percent-encoded, no compression field set. */
  readonly legacy: boolean;
}

/**
 * Applies `inline`/`local` of the Butane resource `from` to the Ignition
 * resource `to` (already holding the copied fields). `hasCompression`: the
 * Ignition type has a compression field.
 */
export function applyResourceSugar(
  from: BObject,
  to: Record<string, unknown>,
  fromPath: JsonPath,
  toPath: JsonPath,
  hasCompression: boolean,
  ctx: ResourceContext,
): void {
  const set = (data: Uint8Array, key: 'local' | 'inline'): void => {
    const at = [...fromPath, key];
    if (ctx.legacy) {
      to.source = `data:,${dataUrlEscape(data)}`;
      ctx.ts.add(at, [...toPath, 'source']);
      return;
    }
    const current = typeof to.compression === 'string' ? to.compression : undefined;
    const r = makeDataUrl(data, current, hasCompression ? ctx.ports.gzip : undefined);
    to.source = r.url;
    ctx.ts.add(at, [...toPath, 'source']);
    if (r.compression !== undefined && hasCompression) {
      to.compression = r.compression;
      ctx.ts.add(at, [...toPath, 'compression']);
    }
  };
  if (typeof from.local === 'string') {
    const at = [...fromPath, 'local'];
    const r = readLocal(from.local, at, ctx.ports);
    if (r.issue !== undefined) ctx.issues.push(r.issue);
    else if (r.data !== undefined) set(r.data, 'local');
  }
  if (typeof from.inline === 'string') set(utf8(from.inline), 'inline');
}
