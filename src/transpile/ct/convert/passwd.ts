import type { JsonPath } from '../../../core/index.js';
import type { Clc } from '../decode.js';
import { type ConvertContext, type Obj, putFrom } from './context.js';

/** The user fields, YAML key → Ignition key; `create` takes them from `uid` on. */
const USER_KEYS: readonly (readonly [string, string])[] = [
  ['name', 'name'],
  ['password_hash', 'passwordHash'],
  ['ssh_authorized_keys', 'sshAuthorizedKeys'],
  ['uid', 'uid'],
  ['gecos', 'gecos'],
  ['home_dir', 'homeDir'],
  ['no_create_home', 'noCreateHome'],
  ['primary_group', 'primaryGroup'],
  ['groups', 'groups'],
  ['no_user_group', 'noUserGroup'],
  ['system', 'system'],
  ['no_log_init', 'noLogInit'],
  ['shell', 'shell'],
];

/** `passwd.users` and `passwd.groups`. */
export function convertPasswd(ctx: ConvertContext): void {
  const { ts } = ctx;
  const passwd = ctx.cfg['passwd'] as Clc;
  const users = (passwd['users'] as Clc[]).map((u, i) => {
    const from: JsonPath = ['passwd', 'users', i];
    ts.add(from, from);
    const o: Obj = {};
    for (const [y, j] of USER_KEYS) {
      o[j] = u[y];
      ts.add([...from, y], [...from, j]);
    }
    (u['groups'] as string[]).forEach((_, k) => ts.add([...from, 'groups', k], [...from, 'groups', k]));
    (u['ssh_authorized_keys'] as string[]).forEach((_, k) =>
      ts.add([...from, 'ssh_authorized_keys', k], [...from, 'sshAuthorizedKeys', k]),
    );
    const c = u['create'] as Clc | undefined;
    if (c !== undefined) {
      const co: Obj = {};
      for (const [y, j] of USER_KEYS.slice(3)) co[j] = c[y];
      o['create'] = co;
      putFrom(ctx, [...from, 'create'], [...from, 'create'], co);
    }
    return o;
  });
  const groups = (passwd['groups'] as Clc[]).map((g, i) => {
    const from: JsonPath = ['passwd', 'groups', i];
    ts.add(from, from)
      .addIdentity(from, from, ['name', 'gid', 'system'])
      .add([...from, 'password_hash'], [...from, 'passwordHash']);
    return { name: g['name'], gid: g['gid'], passwordHash: g['password_hash'], system: g['system'] };
  });
  if (users.length > 0) ctx.out.passwd['users'] = users;
  if (groups.length > 0) ctx.out.passwd['groups'] = groups;
}
