/**
 * update.conf and the release file (update.md §3.1): key=value lines; the
 * first file that has a key wins, in the order `/etc/flatcar/update.conf`,
 * `/usr/share/flatcar/update.conf`, `/usr/share/flatcar/release`. Re-read
 * before every check. A line that is not `KEY=value` is reported, never thrown.
 */

/** Flatcar's production Omaha server (update_engine's compiled-in default). */
export const PRODUCTION_SERVER = 'https://public.update.flatcar-linux.net/v1/update/';
export const DEFAULT_APP_ID = '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}';

export interface ConfigLineIssue {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly message: string;
}

export interface ParsedKv {
  readonly values: Readonly<Record<string, string>>;
  readonly issues: readonly ConfigLineIssue[];
}

/** Parses `KEY=value` lines: blank lines and `#` comments skipped, the value is everything after the first `=`. */
export function parseKeyValues(text: string, file: string): ParsedKv {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const issues: ConfigLineIssue[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      issues.push({ file, line: i + 1, text: line, message: 'not a KEY=value line; ignored' });
      return;
    }
    if (!(key in values)) values[key] = line.slice(eq + 1).trim();
  });
  return { values, issues };
}

export interface AgentConfig {
  readonly server: string;
  readonly group: string;
  readonly machineAlias: string;
  readonly version: string;
  readonly board: string;
  readonly appId: string;
  readonly downloadUser?: string;
  readonly downloadPassword?: string;
  /** Every key that was found, merged. */
  readonly values: Readonly<Record<string, string>>;
  readonly issues: readonly ConfigLineIssue[];
}

/** Merges the sources, first wins, and picks the agent's settings with update_engine's defaults. */
export function mergeConfig(
  sources: readonly Readonly<Record<string, string>>[],
  issues: readonly ConfigLineIssue[] = [],
): AgentConfig {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const s of sources) {
    for (const [k, v] of Object.entries(s)) if (!(k in values) && typeof v === 'string') values[k] = v;
  }
  const get = (k: string): string | undefined => values[k];
  return {
    server: get('SERVER') || PRODUCTION_SERVER,
    group: get('GROUP') || 'stable',
    machineAlias: get('MACHINE_ALIAS') ?? '',
    version: get('FLATCAR_RELEASE_VERSION') ?? '0.0.0',
    board: get('FLATCAR_RELEASE_BOARD') ?? '',
    appId: get('FLATCAR_RELEASE_APPID') || DEFAULT_APP_ID,
    ...(get('DOWNLOAD_USER') !== undefined ? { downloadUser: get('DOWNLOAD_USER')! } : {}),
    ...(get('DOWNLOAD_PASSWORD') !== undefined ? { downloadPassword: get('DOWNLOAD_PASSWORD')! } : {}),
    values,
    issues,
  };
}

/** Whether checks are switched off (`SERVER=disabled`, the convention). */
export const updatesDisabled = (c: AgentConfig): boolean => c.server === 'disabled';

/** update_engine sets bit 28 on every reported error code when SERVER is not the production URL. */
export const testUrlFlag = (c: AgentConfig): number => (c.server === PRODUCTION_SERVER ? 0 : 0x10000000);
