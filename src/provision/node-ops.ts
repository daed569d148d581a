/** Ignition's util helpers over the TargetFs: leading directories, permissions, owners. */
import { AppError } from '../core/index.js';
import { lookupGroup, lookupUser } from './accounts.js';
import type { NodeSpec } from './config-shape.js';
import type { TargetFs } from './ports.js';
import { cleanParts, resolveFull, toPath } from './target-path.js';

export const DEFAULT_DIR_MODE = 0o755;

/** MkdirAll of a resolved directory path: missing components are made 0755, owned by the engine. */
export async function mkdirAll(fs: TargetFs, dir: string): Promise<void> {
  if ((await fs.lstat(dir))?.kind === 'dir') return;
  const parts = cleanParts(dir);
  for (let i = 1; i <= parts.length; i++) {
    const p = toPath(parts.slice(0, i));
    const st = await fs.lstat(p);
    if (st === undefined) await fs.mkdir(p, DEFAULT_DIR_MODE);
    else if (st.kind === 'symlink') {
      // Resolved paths have no symlink parents; a symlink here is the last component itself.
      const real = await resolveFull(fs, p);
      const rst = await fs.lstat(real);
      if (rst?.kind !== 'dir') throw new AppError('PROVISION_OPERATION_FAILED', `mkdir ${p}: not a directory`);
      return mkdirAll(fs, toPath([...cleanParts(real), ...parts.slice(i)]));
    } else if (st.kind !== 'dir') throw new AppError('PROVISION_OPERATION_FAILED', `mkdir ${p}: not a directory`);
  }
}

export async function resolveOwner(
  fs: TargetFs,
  node: NodeSpec,
  defUid: number,
  defGid: number,
): Promise<[number, number]> {
  let uid = defUid;
  let gid = defGid;
  if (node.user?.id !== undefined && node.user.id !== null) uid = node.user.id;
  else if (node.user?.name) {
    const u = await lookupUser(fs, node.user.name);
    if (!u)
      throw new AppError('PROVISION_OPERATION_FAILED', `no such user "${node.user.name}" in the target's /etc/passwd`);
    uid = u.uid;
  }
  if (node.group?.id !== undefined && node.group.id !== null) gid = node.group.id;
  else if (node.group?.name) {
    const g = await lookupGroup(fs, node.group.name);
    if (!g)
      throw new AppError('PROVISION_OPERATION_FAILED', `no such group "${node.group.name}" in the target's /etc/group`);
    gid = g.gid;
  }
  return [uid, gid];
}

/**
 * The owner a node asks for by id or by name, undefined for each it leaves to
 * the default; `false` when a name is not in the target's accounts (the
 * caller then takes the path that reports it, resolveOwner's).
 */
export async function explicitOwner(
  fs: TargetFs,
  node: NodeSpec,
): Promise<{ uid: number | undefined; gid: number | undefined } | false> {
  let uid: number | undefined;
  let gid: number | undefined;
  if (node.user?.id !== undefined && node.user.id !== null) uid = node.user.id;
  else if (node.user?.name) {
    const u = await lookupUser(fs, node.user.name);
    if (!u) return false;
    uid = u.uid;
  }
  if (node.group?.id !== undefined && node.group.id !== null) gid = node.group.id;
  else if (node.group?.name) {
    const g = await lookupGroup(fs, node.group.name);
    if (!g) return false;
    gid = g.gid;
  }
  return { uid, gid };
}

/**
 * Ignition's SetPermissions: lchown to the node's owner, defaulting to the owner
 * of what the path points at (stat), or 0:0; then chmod when a mode is given.
 */
export async function setPermissions(
  fs: TargetFs,
  path: string,
  mode: number | undefined,
  node: NodeSpec,
): Promise<void> {
  let defUid = 0;
  let defGid = 0;
  // The parents are resolved already: only a symlink in the last component needs following.
  let st = await fs.lstat(path);
  if (st?.kind === 'symlink') {
    const real = await resolveFull(fs, path).catch(() => undefined);
    st = real === undefined ? undefined : await fs.lstat(real);
  }
  if (st !== undefined && st.kind !== 'symlink') {
    defUid = st.uid;
    defGid = st.gid;
  }
  const [uid, gid] = await resolveOwner(fs, node, defUid, defGid);
  await fs.lchown(path, uid, gid);
  // After the chown, which clears setuid/setgid: spec 3.6 modes keep them (older specs had them masked on reading).
  if (mode !== undefined && mode !== null) await fs.chmod(path, mode);
}
