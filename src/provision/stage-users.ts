/**
 * Users and groups as Ignition 2.x leaves them: groups first (groupadd, or
 * groupdel when shouldExist is false), then each user (useradd or usermod
 * with --root, userdel --remove), its password hash (usermod --password) and
 * its SSH keys in ~/.ssh/authorized_keys.d/ignition. The real shadow-utils
 * tools run through the ProcessRunner, so UID/GID allocation, login.defs,
 * skel and the supplementary-group list are exactly theirs. A name always
 * follows "--", so a user or group named "--prefix=/x" is a name to the tool
 * (which refuses it), never an option.
 */
import { AppError } from '../core/index.js';
import { lookupGroup, lookupUser } from './accounts.js';
import type { EngineConfig, GroupSpec, UserSpec } from './config-shape.js';
import type { ProvisionPorts } from './ports.js';
import type { RunLog } from './run-log.js';
import { cleanParts, resolveParents, toPath } from './target-path.js';

async function tool(ports: ProvisionPorts, cmd: string, args: string[]): Promise<void> {
  let r;
  try {
    r = await ports.runner.run(cmd, args);
  } catch (err) {
    throw new AppError('PROVISION_TOOL_FAILED', `cannot run ${cmd}: ${(err as Error).message}`, { cause: err });
  }
  if (r.status !== 0) {
    throw new AppError('PROVISION_TOOL_FAILED', `${cmd} exited with ${r.status}: ${(r.stderr || r.stdout).trim()}`);
  }
}

export function groupCommand(root: string, g: GroupSpec, exists: boolean): [string, string[]] | undefined {
  if (g.shouldExist === false) return exists ? ['groupdel', ['--root', root, '--', g.name]] : undefined;
  const args = ['--root', root];
  if (g.gid !== undefined && g.gid !== null) args.push('--gid', String(g.gid));
  args.push('--password', g.passwordHash ? g.passwordHash : '*');
  if (g.system === true) args.push('--system');
  args.push('--', g.name);
  return ['groupadd', args];
}

export function userCommand(root: string, u: UserSpec, exists: boolean): [string, string[]] | undefined {
  if (u.shouldExist === false) return exists ? ['userdel', ['--remove', '--root', root, '--', u.name]] : undefined;
  const args = ['--root', root];
  let cmd: string;
  if (exists) {
    cmd = 'usermod';
    if (u.homeDir) args.push('--home', u.homeDir, '--move-home');
  } else {
    cmd = 'useradd';
    if (u.homeDir) args.push('--home-dir', u.homeDir);
    args.push(u.noCreateHome === true ? '--no-create-home' : '--create-home');
    if (u.noUserGroup === true) args.push('--no-user-group');
    if (u.system === true) args.push('--system');
    if (u.noLogInit === true) args.push('--no-log-init');
  }
  if (u.passwordHash !== undefined && u.passwordHash !== null)
    args.push('--password', u.passwordHash !== '' ? u.passwordHash : '*');
  else if (!exists) args.push('--password', '*');
  if (u.uid !== undefined && u.uid !== null) args.push('--uid', String(u.uid));
  if (u.gecos) args.push('--comment', u.gecos);
  if (u.primaryGroup) args.push('--gid', u.primaryGroup);
  if ((u.groups ?? []).length > 0) args.push('--groups', (u.groups ?? []).join(','));
  if (u.shell) args.push('--shell', u.shell);
  args.push('--', u.name);
  return [cmd, args];
}

export async function runUsers(cfg: EngineConfig, ports: ProvisionPorts, log: RunLog): Promise<void> {
  const root = ports.rootForTools;
  for (const g of cfg.passwd?.groups ?? []) {
    const exists = (await lookupGroup(ports.fs, g.name)) !== undefined;
    const c = groupCommand(root, g, exists);
    if (c)
      await log.op('users', `${c[0] === 'groupdel' ? 'deleting' : 'adding'} group "${g.name}"`, () =>
        tool(ports, c[0], c[1]),
      );
  }
  for (const u of cfg.passwd?.users ?? []) {
    const exists = (await lookupUser(ports.fs, u.name)) !== undefined;
    const c = userCommand(root, u, exists);
    if (c)
      await log.op(
        'users',
        c[0] === 'userdel' ? `deleting user "${u.name}"` : `creating or modifying user "${u.name}"`,
        () => tool(ports, c[0], c[1]),
      );
    if (u.shouldExist === false) continue;
    if (u.passwordHash !== undefined && u.passwordHash !== null) {
      const hash = u.passwordHash === '' ? '*' : u.passwordHash;
      await log.op('users', `setting password for "${u.name}"`, () =>
        tool(ports, 'usermod', ['--root', root, '--password', hash, '--', u.name]),
      );
    }
    if ((u.sshAuthorizedKeys ?? []).length > 0) {
      await log.op('users', `adding ssh keys to user "${u.name}"`, () => writeKeys(ports, u));
    }
  }
}

async function writeKeys(ports: ProvisionPorts, u: UserSpec): Promise<void> {
  const { fs } = ports;
  const pw = await lookupUser(fs, u.name);
  if (!pw) throw new AppError('PROVISION_OPERATION_FAILED', `unable to lookup user "${u.name}"`);
  let text = (u.sshAuthorizedKeys ?? []).join('\n');
  if (!text.endsWith('\n')) text += '\n';
  const path = await resolveParents(fs, toPath([...cleanParts(pw.home), '.ssh', 'authorized_keys.d', 'ignition']));
  // as_user.MkdirAll: missing directories are made 0700 and owned by the user.
  const parts = cleanParts(path).slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const p = toPath(parts.slice(0, i));
    const st = await fs.lstat(p);
    if (st === undefined) {
      await fs.mkdir(p, 0o700);
      await fs.lchown(p, pw.uid, pw.gid);
    } else if (st.kind !== 'dir')
      throw new AppError('PROVISION_OPERATION_FAILED', `creating parent dirs for "${path}": ${p} is not a directory`);
  }
  const existing = await fs.lstat(path);
  if (existing !== undefined && existing.kind !== 'file')
    throw new AppError('PROVISION_OPERATION_FAILED', `opening file "${path}": not a regular file`);
  await fs.writeFile(path, new TextEncoder().encode(text));
  // O_TRUNC keeps an existing file's mode and owner; a new one is 0600, the user's.
  await fs.chmod(path, existing?.mode ?? 0o600);
  await fs.lchown(path, existing?.uid ?? pw.uid, existing?.gid ?? pw.gid);
}
