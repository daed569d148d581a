/**
 * The plan: what a config will do to a target, in the engine's order, computed
 * without touching the target (the paths are as written; symlinks in the
 * target are resolved when the operation runs). --dry-run prints it.
 */
import { errorAt, type Issue } from '../core/index.js';
import type { EngineConfig, Resource } from './config-shape.js';
import { schemeOf } from './resource.js';
import { orderEntries } from './stage-files.js';
import { presetLines, presetText } from './stage-units.js';

export interface PlannedOp {
  readonly stage: 'users' | 'files' | 'units' | 'filesystems';
  readonly op: string;
  readonly path?: string;
}

export function planOf(cfg: EngineConfig): PlannedOp[] {
  const ops: PlannedOp[] = [];
  for (const g of cfg.passwd?.groups ?? [])
    ops.push({
      stage: 'users',
      op: g.shouldExist === false ? `delete group ${g.name} (if present)` : `add group ${g.name}`,
    });
  for (const u of cfg.passwd?.users ?? []) {
    if (u.shouldExist === false) {
      ops.push({ stage: 'users', op: `delete user ${u.name} (if present)` });
      continue;
    }
    ops.push({ stage: 'users', op: `create or modify user ${u.name}` });
    if (u.passwordHash !== undefined && u.passwordHash !== null)
      ops.push({ stage: 'users', op: `set password hash of ${u.name}` });
    if ((u.sshAuthorizedKeys ?? []).length > 0)
      ops.push({ stage: 'users', op: `write ${(u.sshAuthorizedKeys ?? []).length} ssh key(s) of ${u.name}` });
  }
  for (const e of orderEntries(cfg)) {
    const mode =
      'mode' in e.spec && e.spec.mode !== undefined && e.spec.mode !== null
        ? ` mode ${e.spec.mode.toString(8).padStart(4, '0')}`
        : '';
    const over = e.spec.overwrite === true ? ' (overwrite)' : '';
    if (e.kind === 'directory') ops.push({ stage: 'files', op: `directory${mode}${over}`, path: e.path });
    else if (e.kind === 'file')
      ops.push({
        stage: 'files',
        op: `file${mode}${over}${(e.spec.append ?? []).length ? `, append ${(e.spec.append ?? []).length}` : ''}`,
        path: e.path,
      });
    else
      ops.push({
        stage: 'files',
        op: `${e.spec.hard ? 'hard link' : 'symlink'} -> ${e.spec.target ?? ''}${over}`,
        path: e.path,
      });
  }
  for (const u of cfg.systemd?.units ?? []) {
    for (const d of u.dropins ?? [])
      if (d.contents != null)
        ops.push({ stage: 'units', op: 'drop-in', path: `/etc/systemd/system/${u.name}.d/${d.name}` });
    if (u.contents) ops.push({ stage: 'units', op: 'unit', path: `/etc/systemd/system/${u.name}` });
    if (u.mask === true) ops.push({ stage: 'units', op: 'mask (-> /dev/null)', path: `/etc/systemd/system/${u.name}` });
    if (u.mask === false) ops.push({ stage: 'units', op: 'unmask', path: `/etc/systemd/system/${u.name}` });
  }
  for (const p of presetLines(cfg.systemd?.units ?? []).presets)
    ops.push({
      stage: 'units',
      op: `preset "${presetText(p)}"`,
      path: '/etc/systemd/system-preset/20-ignition.preset',
    });
  return ops;
}

/** Problems that stop a config from being applied to a root directory at all. */
export function rootTargetIssues(cfg: EngineConfig): Issue[] {
  const issues: Issue[] = [];
  const s = cfg.storage ?? {};
  for (const k of ['disks', 'raid', 'luks', 'filesystems'] as const) {
    if ((s[k] ?? []).length > 0) {
      issues.push(
        errorAt(
          'PROVISION_UNSUPPORTED_ON_ROOT',
          ['storage', k],
          `storage.${k} cannot be applied to a root directory (use --image)`,
        ),
      );
    }
  }
  const check = (r: Resource | undefined, path: (string | number)[]) => {
    const sc = r?.source ? schemeOf(r.source) : '';
    if (r?.source && !['data', 'file', 'http', 'https'].includes(sc)) {
      issues.push(
        errorAt('PROVISION_SOURCE_SCHEME_UNSUPPORTED', [...path, 'source'], `Hull cannot fetch "${sc}:" sources`),
      );
    }
  };
  (s.files ?? []).forEach((f, i) => {
    check(f.contents, ['storage', 'files', i, 'contents']);
    (f.append ?? []).forEach((a, j) => check(a, ['storage', 'files', i, 'append', j]));
  });
  return issues;
}
